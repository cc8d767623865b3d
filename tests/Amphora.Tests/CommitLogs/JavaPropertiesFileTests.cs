using System.Text;
using Amphora.Core.CommitLogs;

namespace Amphora.Tests.CommitLogs;

/// <summary>
/// <see cref="JavaPropertiesFile"/> reads as <c>java.util.Properties.load</c> does (the expected values are what Java
/// gives for the same lines) and edits without disturbing the lines it does not touch.
/// </summary>
public sealed class JavaPropertiesFileTests
{
    [Theory]
    [InlineData("key=value", "key", "value")]
    [InlineData("key:value", "key", "value")]
    [InlineData("key value", "key", "value")]
    [InlineData("key\tvalue", "key", "value")]
    [InlineData("key  :  value", "key", "value")]
    [InlineData("key = = value", "key", "= value")]
    [InlineData("key=a=b:c", "key", "a=b:c")]
    [InlineData("   \t key=value", "key", "value")]
    [InlineData("key=value   ", "key", "value   ")]
    [InlineData("key", "key", "")]
    [InlineData("key=", "key", "")]
    [InlineData(@"a\=b\:c\ d=v", "a=b:c d", "v")]
    [InlineData(@"key=\ \ two leading spaces", "key", "  two leading spaces")]
    [InlineData(@"key=C:\\dir\\file", "key", @"C:\dir\file")]
    [InlineData(@"key=tab\there\nnewline\rcr\fff", "key", "tab\there\nnewline\rcr\fff")]
    [InlineData(@"key=\u0041\u00e9\u20AC", "key", "Aé€")]
    [InlineData(@"key=\q\z", "key", "qz")]
    [InlineData(@"\u006bey=v", "key", "v")]
    public void A_line_parses_to_the_key_and_value_Java_reads(string line, string key, string value)
    {
        var file = JavaPropertiesFile.Parse(line + "\n");

        Assert.Equal([key], file.Keys);
        Assert.Equal(value, file.Get(key));
    }

    [Theory]
    [InlineData("# key=value")]
    [InlineData("! key=value")]
    [InlineData("   # key=value")]
    [InlineData("\t! key=value")]
    [InlineData("")]
    [InlineData("   ")]
    public void Comments_and_blank_lines_hold_no_entry(string line)
    {
        var file = JavaPropertiesFile.Parse(line + "\nother=1\n");

        Assert.Equal(["other"], file.Keys);
        Assert.Null(file.Get("key"));
    }

    [Fact]
    public void A_continuation_line_joins_the_next_line_without_its_leading_whitespace()
    {
        var file = JavaPropertiesFile.Parse("key = first \\\n     second\\\n\tthird\nafter=1\n");

        Assert.Equal("first secondthird", file.Get("key"));
        Assert.Equal("1", file.Get("after"));
    }

    [Fact]
    public void An_even_number_of_trailing_backslashes_is_an_escaped_backslash_not_a_continuation()
    {
        var file = JavaPropertiesFile.Parse("key=dir\\\\\nnext=1\n");

        Assert.Equal("dir\\", file.Get("key"));
        Assert.Equal("1", file.Get("next"));
    }

    [Fact]
    public void A_comment_ending_in_a_backslash_does_not_continue()
    {
        var file = JavaPropertiesFile.Parse("# comment \\\nkey=value\n");

        Assert.Equal("value", file.Get("key"));
    }

    [Fact]
    public void A_continuation_on_the_last_line_ends_the_value()
    {
        var file = JavaPropertiesFile.Parse("key=value\\");

        Assert.Equal("value", file.Get("key"));
    }

    [Fact]
    public void Windows_line_endings_read_as_unix_ones()
    {
        var file = JavaPropertiesFile.Parse("a=1\r\nb=2 \\\r\n  3\r\n");

        Assert.Equal("1", file.Get("a"));
        Assert.Equal("2 3", file.Get("b"));
    }

    [Fact]
    public void The_last_duplicate_of_a_key_wins_and_the_key_is_listed_once()
    {
        var file = JavaPropertiesFile.Parse("key=first\nother=x\nkey=second\n");

        Assert.Equal("second", file.Get("key"));
        Assert.Equal(["key", "other"], file.Keys);
    }

    [Fact]
    public void Set_replaces_the_first_entry_in_place_and_drops_later_duplicates()
    {
        var file = JavaPropertiesFile.Parse("# head\nkey=first\nother=x\nkey=second\n# tail\n");

        file.Set("key", "new");

        Assert.Equal("# head\nkey=new\nother=x\n# tail\n", file.ToString());
        Assert.Equal("new", file.Get("key"));
    }

    [Fact]
    public void Set_replaces_a_continued_entry_with_all_its_physical_lines()
    {
        var file = JavaPropertiesFile.Parse("key=a \\\n  b\nother=x\n");

        file.Set("key", "c");

        Assert.Equal("key=c\nother=x\n", file.ToString());
    }

    [Fact]
    public void Set_of_a_new_key_appends_it()
    {
        var file = JavaPropertiesFile.Parse("# head\na=1\n");

        file.Set("b", "2");

        Assert.Equal("# head\na=1\nb=2\n", file.ToString());
    }

    [Fact]
    public void Remove_drops_every_entry_of_the_key_and_says_whether_there_was_one()
    {
        var file = JavaPropertiesFile.Parse("key=1\n# keep\nother=x\nkey=2\n");

        Assert.True(file.Remove("key"));
        Assert.False(file.Remove("key"));
        Assert.False(file.Remove("missing"));
        Assert.Equal("# keep\nother=x\n", file.ToString());
        Assert.Null(file.Get("key"));
    }

    [Fact]
    public void Lines_not_touched_keep_their_text_byte_for_byte()
    {
        const string Untouched =
            "#   Licensed to the Apache Software Foundation\n" +
            "! bang comment \\\n" +
            "\n" +
            "   \t\n" +
            "archive_command=/bin/ln %path /backup/%name\n" +
            "   indented   :   spaced value   \n" +
            "continued = one \\\n" +
            "      two\n" +
            "escaped\\ key=\\u0041\\t\n";
        var file = JavaPropertiesFile.Parse(Untouched + "restore_point_in_time=2026:01:01 00:00:00\n" + "precision=MICROSECONDS\n");

        Assert.Equal(Untouched + "restore_point_in_time=2026:01:01 00:00:00\nprecision=MICROSECONDS\n", file.ToString());
        file.Remove("restore_point_in_time");
        file.Set("restore_directories", "/restore");

        Assert.Equal(Untouched + "precision=MICROSECONDS\nrestore_directories=/restore\n", file.ToString());
    }

    [Theory]
    [InlineData("plain", "value")]
    [InlineData("key", @"C:\dir\file\")]
    [InlineData("key", "  two leading spaces and trailing  ")]
    [InlineData("key", " ")]
    [InlineData("key", "")]
    [InlineData("key", "#not a comment")]
    [InlineData("key", "!not a comment")]
    [InlineData("key", "=starts with a separator")]
    [InlineData("key", ":starts with a separator")]
    [InlineData("key", "tab\tnew\nline\rcr\fff")]
    [InlineData("key", @"ends with \u0041 escape-like text\")]
    [InlineData("a key=with:separators#and!marks", "v")]
    [InlineData(" leading space key", "v")]
    public void A_value_set_reads_back_the_same(string key, string value)
    {
        var file = JavaPropertiesFile.Parse("# head\n");
        file.Set(key, value);

        var reread = JavaPropertiesFile.Parse(file.ToString());

        Assert.Equal(value, reread.Get(key));
        Assert.Equal([key], reread.Keys);
    }

    [Fact]
    public async Task Save_then_load_gives_the_same_text_and_values()
    {
        using var directory = new Support.TempDirectory();
        var path = Path.Combine(directory.Path, "commitlog_archiving.properties");
        var file = JavaPropertiesFile.Parse("# head\nkey = a \\\n  b\n");
        file.Set("restore_directories", @"/data/restore dir\x");

        await file.SaveAsync(path, CancellationToken.None);
        var loaded = await JavaPropertiesFile.LoadAsync(path, CancellationToken.None);

        Assert.Equal(file.ToString(), await File.ReadAllTextAsync(path, Encoding.UTF8));
        Assert.Equal("a b", loaded.Get("key"));
        Assert.Equal(@"/data/restore dir\x", loaded.Get("restore_directories"));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Set_writes_characters_outside_ASCII_as_unicode_escapes_since_Cassandra_reads_the_file_as_ISO_8859_1()
    {
        // CommitLogArchiver loads the file from an InputStream: Properties.load(InputStream) decodes ISO-8859-1, so a
        // raw UTF-8 "é" would reach Cassandra as "Ã©".
        var file = JavaPropertiesFile.Empty();
        file.Set("restore_directories", "/data/café/€\u0001");

        var text = file.ToString();

        Assert.True(text.All(char.IsAscii), text);
        Assert.Contains(@"\u00e9", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/data/café/€\u0001", JavaPropertiesFile.Parse(text).Get("restore_directories"));
    }
}
