using System.Globalization;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// How much to fuzz: a fixed seed and a few thousand cases per parser by default, so every run (and CI) checks the same
/// inputs; AMPHORA_FUZZ_SEED and AMPHORA_FUZZ_CASES pick other inputs or a longer campaign.
/// </summary>
public static class FuzzSettings
{
    public const string SeedVariable = "AMPHORA_FUZZ_SEED";
    public const string CasesVariable = "AMPHORA_FUZZ_CASES";

    private const ulong DefaultSeed = 20261122;

    public static ulong Seed { get; } = Read(SeedVariable, ulong.Parse) ?? DefaultSeed;

    /// <summary>Cases per fuzz test when set; otherwise each test's own default.</summary>
    public static int? Cases { get; } = Read(CasesVariable, int.Parse);

    public static int CasesOr(int defaultCases) => Cases ?? defaultCases;

    private static T? Read<T>(string variable, Func<string, IFormatProvider, T> parse)
        where T : struct
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return parse(text.Trim(), CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{variable}='{text}' is not a number.", e);
        }
    }
}
