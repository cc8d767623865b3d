using System.Diagnostics;
using Amphora.Bench.Node;

namespace Amphora.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var cli = new AmphoraCli(args[0], new Dictionary<string, string?>());
        var clock = Stopwatch.StartNew();
        var node = await BenchNode.CreateAsync(cli, args[1], NodeShape.For(long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) << 20, 10000), CancellationToken.None);
        Console.WriteLine($"{clock.Elapsed} {node.LiveFiles().Count} files {node.LiveFiles().Sum(f => f.Length) >> 20} MiB");
        return 0;
    }
}
