using Amphora.Core.SSTables;

namespace Amphora.Tests.Restore;

/// <summary>The order of SSTable ids the restore chain relies on to tell what a snapshot already holds.</summary>
public sealed class SSTableGenerationTests
{
    [Theory]
    [InlineData("9", "10")]
    [InlineData("2", "100")]
    [InlineData("1", "2")]
    [InlineData("99", "1000000000")]
    public void Sequence_ids_order_by_number_not_text(string older, string newer)
    {
        Assert.True(SSTableGeneration.Comparer.Compare(older, newer) < 0);
        Assert.True(SSTableGeneration.Comparer.Compare(newer, older) > 0);
    }

    [Fact]
    public void Equal_ids_compare_equal()
    {
        Assert.Equal(0, SSTableGeneration.Comparer.Compare("10", "10"));
        Assert.Equal(0, SSTableGeneration.Comparer.Compare(Uuid(19_000, 5, 7), Uuid(19_000, 5, 7)));
    }

    [Fact]
    public void Uuid_ids_order_by_the_time_they_were_made()
    {
        // The later day wins over a larger second of the day, and the later second over a larger 100 ns count.
        Assert.True(SSTableGeneration.Comparer.Compare(Uuid(19_000, 86_399, 99_999), Uuid(19_001, 0, 0)) < 0);
        Assert.True(SSTableGeneration.Comparer.Compare(Uuid(19_000, 41, 99_999), Uuid(19_000, 42, 0)) < 0);
        Assert.True(SSTableGeneration.Comparer.Compare(Uuid(19_000, 42, 1), Uuid(19_000, 42, 2)) < 0);
        Assert.True(SSTableGeneration.Comparer.Compare(Uuid(19_001, 0, 0), Uuid(19_000, 86_399, 99_999)) > 0);
    }

    [Fact]
    public void Uuid_ids_are_compared_by_time_whatever_their_letter_case()
    {
        // Ordinal text order puts upper-case letters before lower-case ones: by time the lower-case id here is the older one.
        var older = Uuid(4_700, 0, 0);
        var newer = Uuid(4_701, 0, 0).ToUpperInvariant();

        Assert.True(string.CompareOrdinal(older, newer) > 0);
        Assert.True(SSTableGeneration.Comparer.Compare(older, newer) < 0);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("9999999999")]
    public void Every_sequence_id_is_older_than_every_uuid_id(string sequence)
    {
        var earliestUuid = Uuid(0, 0, 0);

        Assert.True(SSTableGeneration.Comparer.Compare(sequence, earliestUuid) < 0);
        Assert.True(SSTableGeneration.Comparer.Compare(earliestUuid, sequence) > 0);
    }

    [Fact]
    public void Sorting_a_mix_gives_the_order_the_node_made_them()
    {
        string[] expected = ["2", "9", "10", "100", Uuid(19_000, 1, 0), Uuid(19_000, 2, 0), Uuid(19_001, 0, 0)];

        var sorted = expected.Reverse().OrderBy(id => id, SSTableGeneration.Comparer).ToList();

        Assert.Equal(expected, sorted);
        Assert.Equal(Uuid(19_001, 0, 0), expected.Max(SSTableGeneration.Comparer));
    }

    [Fact]
    public void Null_sorts_first()
    {
        Assert.True(SSTableGeneration.Comparer.Compare(null, "1") < 0);
        Assert.True(SSTableGeneration.Comparer.Compare("1", null) > 0);
        Assert.Equal(0, SSTableGeneration.Comparer.Compare(null, null));
    }

    /// <summary>A 4.1+ UUID SSTable id: base-36 days, seconds of the day and 100 ns units since 1582-10-15, then a random part.</summary>
    private static string Uuid(long days, long seconds, long ticks) =>
        $"{Base36(days, 4)}_{Base36(seconds, 4)}_{Base36(ticks, 5)}2q8hd3x0w3fm6";

    private static string Base36(long value, int width)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = string.Empty;
        for (var i = 0; i < width; i++, value /= 36)
        {
            text = Digits[(int)(value % 36)] + text;
        }

        return text;
    }
}
