using System.Globalization;
using Amphora.Bench.Catalog;

namespace Amphora.Bench;

public static class Program
{
    /// <summary>Temporary: <c>--catalog-only WORKDIR [BACKUPS NODES PURGED]</c> runs benchmark (7) alone.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--catalog-only")
        {
            int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
            var cli = new AmphoraCli(Path.GetFullPath(".build/cli/amphora.dll"), new Dictionary<string, string?>());
            var result = await CatalogBenchmark.RunAsync(cli, args[1], Arg(2, 1000), Arg(3, 10), Arg(4, 100), CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(result);
        }

        return 0;
    }
}
