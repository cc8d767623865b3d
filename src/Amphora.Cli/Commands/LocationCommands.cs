using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Storage;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora location check LOCATION</c>: does this location work for backups, and if not, what exactly fails.</summary>
public static class LocationCommands
{
    public static Command Create()
    {
        var location = new Argument<string>("location") { Description = "The location to check, e.g. s3:bucket/prefix." };
        var output = CommonOptions.Output();
        var check = new Command("check", "Write, read, list and delete a probe object and say exactly what fails.") { location, output };
        check.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var store = StorageOptions.Open(parse, parse.GetValue(location)!, datacenter: null);
            var steps = await LocationCheck.RunAsync(store, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(new { location = store.Location, ok = steps.All(step => step.Ok), steps = steps.Select(step => new { step.Name, step.Ok, step.Detail, seconds = step.Elapsed.TotalSeconds }) });
            }
            else
            {
                Console.WriteLine($"Checking {store.Location}:");
                foreach (var step in steps)
                {
                    Console.WriteLine($"  {(step.Ok ? "ok  " : "FAIL")} {step.Name} ({step.Elapsed.TotalMilliseconds:0} ms){(step.Ok ? string.Empty : ": " + step.Detail)}");
                }
            }

            if (steps.Any(step => !step.Ok))
            {
                throw new StorageException($"{store.Location} cannot be used for backups: {steps.First(step => !step.Ok).Detail}");
            }

            if (parse.GetValue(output) != "json")
            {
                Console.WriteLine($"{store.Location} works for backups.");
            }
        }));
        return new Command("location", "Backup locations.") { check };
    }
}
