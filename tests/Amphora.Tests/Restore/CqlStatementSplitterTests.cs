using Amphora.Core.Restore.Schema;

namespace Amphora.Tests.Restore;

/// <summary>Statements end at ';' only outside strings, quoted names, $$ strings and comments; comments are dropped.</summary>
public sealed class CqlStatementSplitterTests
{
    private static List<string> Split(string cql) => CqlStatementSplitter.Split(cql).Select(s => s.Text).ToList();

    [Fact]
    public void Splits_at_semicolons_and_trims_and_skips_empty_statements()
    {
        Assert.Equal(["CREATE TABLE a.b (x int PRIMARY KEY)", "CREATE INDEX i ON a.b (x)", "SELECT 1"],
            Split("  CREATE TABLE a.b (x int PRIMARY KEY);\n;;\nCREATE INDEX i ON a.b (x) ;\nSELECT 1"));
        Assert.Empty(Split(" \n -- only a comment\n /* and another */ ; "));
    }

    [Fact]
    public void Semicolons_inside_strings_quoted_names_and_dollar_strings_do_not_end_a_statement()
    {
        var statements = Split("CREATE TABLE a.\"we;ird\"\"q\" (x int PRIMARY KEY) WITH comment = 'it''s; -- not /* a comment' AND x = $$a;'b\"$$;DROP TABLE a.b");
        Assert.Equal(2, statements.Count);
        Assert.Equal("CREATE TABLE a.\"we;ird\"\"q\" (x int PRIMARY KEY) WITH comment = 'it''s; -- not /* a comment' AND x = $$a;'b\"$$", statements[0]);
        Assert.Equal("DROP TABLE a.b", statements[1]);
        var tokens = CqlStatementSplitter.Split("CREATE TABLE a.\"we;ird\"\"q\" (x int)")[0].Tokens;
        Assert.Equal("we;ird\"q", tokens[4].Name);
        Assert.Equal(CqlTokenKind.QuotedName, tokens[4].Kind);
    }

    [Fact]
    public void Comments_are_dropped_wherever_they_are_and_hide_what_they_contain()
    {
        var cql = "CREATE TABLE a.b -- trailing; DROP TABLE x\n(x int PRIMARY KEY) // c++ style; DROP\r/* block ; DROP\n still */ WITH comment = 'k';";
        Assert.Equal(["CREATE TABLE a.b  \n(x int PRIMARY KEY)  \r  WITH comment = 'k'"], Split(cql));
    }

    [Theory]
    [InlineData("CREATE TABLE a.b (x int) WITH comment = 'open;", "' string opened at line 1")]
    [InlineData("CREATE TABLE a.\"b (x int);", "\" quoted name opened at line 1")]
    [InlineData("CREATE TABLE a.b (x int);\nSELECT $$ never closed;", "$$ string opened at line 2")]
    [InlineData("CREATE TABLE a.b (x int); /* DROP TABLE a.b;", "/* comment opened at line 1")]
    [InlineData("CREATE TABLE a.b (x int) WITH comment = 'it''';'", "' string opened at line 1")]
    public void Unbalanced_quotes_and_comments_are_refused(string cql, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => CqlStatementSplitter.Split(cql));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE a.b (x int) WITH comment = '\u001b[2J';")]
    [InlineData("CREATE TABLE a.b (x int) WITH comment = 'rtl \u202e';")]
    [InlineData("CREATE TABLE a.b (x int); -- \u2028DROP TABLE a.b;")]
    [InlineData("CREATE TABLE a.b (x int)\0;")]
    public void Control_format_and_line_separator_characters_are_refused(string cql)
    {
        var error = Assert.Throws<InvalidDataException>(() => CqlStatementSplitter.Split(cql));
        Assert.Contains("no control, format or line-separator characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_text_in_strings_is_kept()
    {
        Assert.Equal(["CREATE TABLE a.b (x int) WITH comment = 'café 😀'"], Split("CREATE TABLE a.b (x int) WITH comment = 'café 😀';"));
    }

    [Fact]
    public void Work_stays_linear_on_hostile_input()
    {
        // Many quotes, comment openers and semicolons: one pass, no backtracking.
        var hostile = string.Concat(Enumerable.Repeat("'';$$ $$ -- x\n/**/\"\"", 200_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var statements = CqlStatementSplitter.Split(hostile);
        Assert.Equal(200_001, statements.Count); // the last has no ';'
        Assert.Equal(["$$ $$", "\"\""], statements[^1].Tokens.Select(t => t.Text));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
