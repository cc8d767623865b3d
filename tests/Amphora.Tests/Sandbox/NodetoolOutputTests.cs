using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Amphora.Sandbox.Nodetool;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>
/// Pins the sandbox's bin/nodetool (run as a real process) to what Cassandra 4.1/5.0 nodetool prints: layouts,
/// padding, exit codes and which stream each message goes to.
/// </summary>
public sealed class NodetoolOutputTests
{
    private const string HelpHint = "See 'nodetool help' or 'nodetool help <command>'.\n";

    private const string StatusLegend = "Status=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n";

    private const string Refused = "nodetool: Failed to connect to '127.0.0.1:7199' - ConnectException: 'Connection refused'.\n";

    private const string SizePattern = @"\d+(\.\d+)? (bytes|KiB|MiB)";

    private const string InstantPattern = @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z";

    private static readonly string[] StatusHeader = ["--", "Address", "Load", "Tokens", "Owns (effective)", "Host ID", "Rack"];

    private static readonly string[] SnapshotsHeader =
        ["Snapshot name", "Keyspace name", "Column family name", "True size", "Size on disk", "Creation time", "Expiration time"];

    // ---------------------------------------------------------------- sizes

    [Fact]
    public void File_sizes_use_binary_units_with_at_most_two_decimals_like_stringifyFileSize()
    {
        Assert.Equal("0 bytes", FileSize.Stringify(0));
        Assert.Equal("1 bytes", FileSize.Stringify(1));
        Assert.Equal("1023 bytes", FileSize.Stringify(1023));
        Assert.Equal("1 KiB", FileSize.Stringify(1024));
        Assert.Equal("1.5 KiB", FileSize.Stringify(1536));
        Assert.Equal("5.7 KiB", FileSize.Stringify(5837));
        Assert.Equal("1.12 KiB", FileSize.Stringify(1152)); // 1.125 is exact: HALF_EVEN rounds down
        Assert.Equal("3 MiB", FileSize.Stringify(3 * 1024 * 1024));
    }

    // ---------------------------------------------------------------- status

    [Fact]
    public void Status_prints_the_datacenter_block_with_two_space_columns_padded_to_the_widest_cell()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 50);
        sandbox.NodetoolOk("flush");
        var info = sandbox.NodetoolOk("info");
        var hostId = InfoValue(info, "ID");
        var load = InfoValue(info, "Load");
        Assert.Matches($"^{SizePattern}$", load);

        var status = sandbox.NodetoolOk("status");

        var lines = status.Split('\n');
        Assert.Equal("Datacenter: dc1", lines[0]);
        Assert.Equal("===============", lines[1]);
        Assert.Equal("Status=Up/Down", lines[2]);
        Assert.Equal("|/ State=Normal/Leaving/Joining/Moving", lines[3]);
        Assert.Equal($"--  Address    {"Load".PadRight(load.Length)}  Tokens  Owns (effective)  Host ID                               Rack ", lines[4]);
        Assert.Equal($"UN  127.0.0.1  {load}  16      100.0%            {hostId}  rack1", lines[5]);
        Assert.Equal(
            "Datacenter: dc1\n===============\n" + StatusLegend
            + Table("  ", [StatusHeader, ["UN", "127.0.0.1", load, "16", "100.0%", hostId, "rack1"]]) + "\n",
            status);
    }

    [Fact]
    public void Status_with_two_datacenters_prints_two_blocks_sharing_column_widths_separated_by_one_empty_line()
    {
        using var sandbox = new SandboxHarness(nodes: 2, datacenters: 2);
        var info1 = sandbox.NodetoolOk("info");
        var info2 = sandbox.NodetoolOn("node2", "info").StandardOutput;
        string[] row1 = ["UN", "127.0.0.1", InfoValue(info1, "Load"), "16", "100.0%", InfoValue(info1, "ID"), "rack1"];
        string[] row2 = ["UN", "127.0.0.2", InfoValue(info2, "Load"), "16", "100.0%", InfoValue(info2, "ID"), "rack1"];
        var widths = Widths([StatusHeader, row1, row2]);

        var status = sandbox.NodetoolOk("status");

        Assert.Equal(
            "Datacenter: dc1\n===============\n" + StatusLegend + Table("  ", [StatusHeader, row1], widths)
            + "\n"
            + "Datacenter: dc2\n===============\n" + StatusLegend + Table("  ", [StatusHeader, row2], widths)
            + "\n",
            status);
    }

    [Fact]
    public void Status_shows_a_stopped_node_as_DN_to_the_nodes_still_running()
    {
        using var sandbox = new SandboxHarness(nodes: 2);
        sandbox.Node("node2").Stop();

        var status = sandbox.NodetoolOk("status");

        var rows = status.Split('\n').Where(l => l.StartsWith("UN", StringComparison.Ordinal) || l.StartsWith("DN", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Matches(@"^UN  127\.0\.0\.1  ", rows.Single(r => r.Contains("127.0.0.1", StringComparison.Ordinal)));
        Assert.Matches(@"^DN  127\.0\.0\.2  ", rows.Single(r => r.Contains("127.0.0.2", StringComparison.Ordinal)));
        Assert.Single(Regex.Matches(status, "^Datacenter: ", RegexOptions.Multiline));

        var cluster = sandbox.NodetoolOk("describecluster");
        Assert.Contains("\tLive: 1\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\tUnreachable: 1\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\nData Centers: \n\tdc1 #Nodes: 2 #Down: 1\n", cluster, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- info

    [Fact]
    public void Info_pads_every_label_to_23_characters_and_summarises_the_vnode_tokens()
    {
        using var sandbox = new SandboxHarness();

        var info = sandbox.NodetoolOk("info");

        var lines = info.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^ID                     : [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", lines[0]);
        Assert.Equal("Native Transport active: true", lines[2]);
        Assert.Equal("Token                  : (invoke with -T/--tokens to see all 16 tokens)", lines[^1]);
        Assert.Equal(
            ["ID", "Gossip active", "Native Transport active", "Load", "Generation No", "Uptime (seconds)", "Heap Memory (MB)",
                "Off Heap Memory (MB)", "Data Center", "Rack", "Exceptions", "Key Cache", "Row Cache", "Counter Cache", "Network Cache",
                "Percent Repaired", "Token"],
            lines.Select(Label));
        Assert.Matches($"^Load                   : {SizePattern}$", lines[3]);
        Assert.Equal("Data Center            : dc1", lines[8]);
        Assert.Equal("Rack                   : rack1", lines[9]);
        Assert.Matches(@"^Row Cache              : entries 0, size 0 bytes, capacity 0 bytes, 0 hits, 0 requests, NaN recent hit rate, 0 save period in seconds$", lines[12]);
    }

    [Fact]
    public void Info_with_tokens_prints_all_16_tokens_in_ascending_order()
    {
        using var sandbox = new SandboxHarness();

        var info = sandbox.NodetoolOk("info", "-T");
        var longForm = sandbox.NodetoolOk("info", "--tokens");

        var tokenLines = info.Split('\n').Where(l => l.StartsWith("Token", StringComparison.Ordinal)).ToList();
        Assert.Equal(16, tokenLines.Count);
        Assert.All(tokenLines, l => Assert.Matches(@"^Token                  : -?\d+$", l));
        var tokens = tokenLines.Select(l => long.Parse(l[25..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(16, tokens.Distinct().Count());
        Assert.Equal(info.Split('\n').Where(l => l.StartsWith("Token", StringComparison.Ordinal)), longForm.Split('\n').Where(l => l.StartsWith("Token", StringComparison.Ordinal)));
    }

    // ---------------------------------------------------------------- describecluster

    [Fact]
    public void Describecluster_prints_name_partitioner_live_count_data_centers_and_the_41_database_version()
    {
        using var sandbox = new SandboxHarness();

        var cluster = sandbox.NodetoolOk("describecluster");

        Assert.StartsWith("Cluster Information:\n\tName: Sandbox Cluster\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\tPartitioner: org.apache.cassandra.dht.Murmur3Partitioner\n", cluster, StringComparison.Ordinal);
        Assert.Matches(@"\tSchema versions:\n\t\t[0-9a-f-]{36}: \[127\.0\.0\.1\]\n\nStats for all nodes:\n", cluster);
        Assert.Contains("Stats for all nodes:\n\tLive: 1\n\tJoining: 0\n\tMoving: 0\n\tLeaving: 0\n\tUnreachable: 0\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\nData Centers: \n\tdc1 #Nodes: 1 #Down: 0\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\nDatabase versions:\n\t4.1.7: [127.0.0.1:7000]\n\nKeyspaces:\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\tsystem_traces -> Replication class: SimpleStrategy {replication_factor=2}\n", cluster, StringComparison.Ordinal);
        Assert.Contains("\tsystem -> Replication class: LocalStrategy {}\n", cluster, StringComparison.Ordinal);
    }

    [Fact]
    public void A_50_node_reports_database_version_502_and_the_50_info_lines()
    {
        using var sandbox = new SandboxHarness(format: SSTableFormat.Oa);

        var cluster = sandbox.NodetoolOk("describecluster");
        var info = sandbox.NodetoolOk("info");

        Assert.Contains("\nDatabase versions:\n\t5.0.2: [127.0.0.1:7000]\n\n", cluster, StringComparison.Ordinal);
        Assert.Equal("ReleaseVersion: 5.0.2\n", sandbox.NodetoolOk("version"));
        var labels = info.TrimEnd('\n').Split('\n').Select(Label).ToList();
        Assert.Equal("Uncompressed load", labels[labels.IndexOf("Load") + 1]);
        Assert.Equal(["Token", "Bootstrap state", "Bootstrap failed", "Decommissioning", "Decommission failed"], labels[^5..]);
    }

    // ---------------------------------------------------------------- ring

    [Fact]
    public void Ring_prints_one_row_per_token_under_a_ten_character_underline_and_ends_with_the_vnode_warning()
    {
        using var sandbox = new SandboxHarness();
        var info = sandbox.NodetoolOk("info", "-T");
        var load = InfoValue(info, "Load");
        var tokens = info.Split('\n').Where(l => l.StartsWith("Token", StringComparison.Ordinal)).Select(l => l[25..]).ToList();

        var ring = sandbox.NodetoolOk("ring");

        var lines = ring.Split('\n');
        Assert.Equal(string.Empty, lines[0]);
        Assert.Equal("Datacenter: dc1", lines[1]);
        Assert.Equal("==========", lines[2]);
        Assert.Equal("Address    Rack        Status State   Load            Owns                Token                                       ", lines[3]);
        Assert.Equal(16, lines.Count(l => l.StartsWith("127.0.0.1  rack1       Up     Normal  ", StringComparison.Ordinal)));

        // Ring's hoststats hold one entry per token, so a lone vnode node still gets the DC's last-token line.
        var expected = new StringBuilder("\nDatacenter: dc1\n==========\n");
        expected.Append(RingRow(9, "Address", "Rack", "Status", "State", "Load", "Owns", "Token"));
        expected.Append(RingRow(9, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, tokens[^1]));
        foreach (var token in tokens)
        {
            expected.Append(RingRow(9, "127.0.0.1", "rack1", "Up", "Normal", load, "100.00%", token));
        }

        expected.Append('\n');
        expected.Append("  Warning: \"nodetool ring\" is used to output all the tokens of a node.\n");
        expected.Append("  To view status related info of a node use \"nodetool status\" instead.\n\n");
        expected.Append("\n  ");
        Assert.Equal(expected.ToString(), ring);
    }

    // ---------------------------------------------------------------- snapshot

    [Fact]
    public void Snapshot_of_a_keyspace_prints_the_request_and_the_snapshot_directory()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 10);

        var result = sandbox.Nodetool("snapshot", "-t", "t1", "ks");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Requested creating snapshot(s) for [ks] with snapshot name [t1] and options {skipFlush=false}\nSnapshot directory: t1\n", result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
        Assert.All(sandbox.TableDirectories("ks.t"), d => Assert.True(Directory.Exists(Path.Combine(d, "snapshots", "t1")), d));
    }

    [Fact]
    public void Snapshot_without_keyspaces_requests_all_keyspaces()
    {
        using var sandbox = new SandboxHarness();

        var output = sandbox.NodetoolOk("snapshot", "-t", "all1");

        Assert.Equal("Requested creating snapshot(s) for [all keyspaces] with snapshot name [all1] and options {skipFlush=false}\nSnapshot directory: all1\n", output);
    }

    [Fact]
    public void Snapshot_without_a_tag_names_it_after_the_current_epoch_milliseconds()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var output = sandbox.NodetoolOk("snapshot", "ks");

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var match = Regex.Match(output, @"^Requested creating snapshot\(s\) for \[ks\] with snapshot name \[(\d{13})\] and options \{skipFlush=false\}\nSnapshot directory: \1\n$");
        Assert.True(match.Success, output);
        Assert.InRange(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), before, after);
    }

    [Fact]
    public void Snapshot_with_skip_flush_says_so_and_leaves_the_memtable_unflushed()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 10);

        var skipped = sandbox.NodetoolOk("snapshot", "-sf", "-t", "sf1", "ks");
        var longForm = sandbox.NodetoolOk("snapshot", "--skip-flush", "-t", "sf2", "ks");
        var liveAfterSkips = sandbox.LiveDataFiles("ks.t").Count;
        sandbox.NodetoolOk("snapshot", "-t", "f1", "ks");

        Assert.Equal("Requested creating snapshot(s) for [ks] with snapshot name [sf1] and options {skipFlush=true}\nSnapshot directory: sf1\n", skipped);
        Assert.Equal("Requested creating snapshot(s) for [ks] with snapshot name [sf2] and options {skipFlush=true}\nSnapshot directory: sf2\n", longForm);
        Assert.Equal(0, liveAfterSkips);
        Assert.NotEmpty(sandbox.LiveDataFiles("ks.t"));
    }

    [Fact]
    public void Snapshot_with_a_kt_list_strips_spaces_and_snapshots_only_the_listed_tables()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.a", 1);
        sandbox.Write("ks.b", 1);
        sandbox.Write("ks.c", 1);

        var output = sandbox.NodetoolOk("snapshot", "-kt", "ks.b, ks.a", "-t", "kt1");

        Assert.Equal("Requested creating snapshot(s) for [ks.b,ks.a] with snapshot name [kt1] and options {skipFlush=false}\nSnapshot directory: kt1\n", output);
        Assert.Equal([("kt1", "ks", "a"), ("kt1", "ks", "b")], SnapshotRows(sandbox.NodetoolOk("listsnapshots")));
    }

    [Fact]
    public void Snapshot_with_a_tag_that_exists_fails_with_exit_2_and_a_java_stack_trace()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        sandbox.NodetoolOk("snapshot", "-t", "t1", "ks");

        var result = sandbox.Nodetool("snapshot", "-t", "t1", "ks");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Requested creating snapshot(s) for [ks] with snapshot name [t1] and options {skipFlush=false}\n", result.StandardOutput);
        Assert.StartsWith("error: Snapshot t1 already exists.\n-- StackTrace --\njava.io.IOException: Snapshot t1 already exists.\n", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("-- StackTrace --", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_of_an_unknown_keyspace_fails_with_exit_2_after_printing_the_request()
    {
        using var sandbox = new SandboxHarness();

        var result = sandbox.Nodetool("snapshot", "-t", "t1", "nosuch");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Requested creating snapshot(s) for [nosuch] with snapshot name [t1] and options {skipFlush=false}\n", result.StandardOutput);
        Assert.StartsWith("error: Keyspace nosuch does not exist\n-- StackTrace --\njava.io.IOException: Keyspace nosuch does not exist\n", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_of_an_unknown_table_is_bad_use_with_exit_1_on_stdout()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);

        var result = sandbox.Nodetool("snapshot", "-t", "t1", "-cf", "nosuch", "ks");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Requested creating snapshot(s) for [ks] with snapshot name [t1] and options {skipFlush=false}\n"
            + "nodetool: Unknown keyspace/cf pair (ks.nosuch)\n" + HelpHint,
            result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public void Snapshot_with_a_kt_list_and_a_keyspace_fails_with_exit_2_before_printing_anything()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);

        var result = sandbox.Nodetool("snapshot", "-kt", "ks.t", "ks");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.StartsWith(
            "error: When specifying the Keyspace table list (using -kt,--kt-list,-kc,--kc.list), you must not also specify keyspaces to snapshot\n-- StackTrace --\n",
            result.StandardError, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- listsnapshots

    [Fact]
    public void Listsnapshots_without_snapshots_says_there_are_none()
    {
        using var sandbox = new SandboxHarness();

        Assert.Equal("Snapshot Details: \nThere are no snapshots\n", sandbox.NodetoolOk("listsnapshots"));
    }

    [Fact]
    public void Listsnapshots_prints_a_padded_table_whose_true_size_is_the_manifest_and_schema_and_a_zero_total()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 100);
        sandbox.NodetoolOk("snapshot", "-t", "t1", "ks");
        var snapshotFiles = SnapshotFiles(sandbox, "ks.t", "t1");
        var manifestAndSchema = snapshotFiles.Where(f => Path.GetFileName(f) is "manifest.json" or "schema.cql").ToList();
        Assert.Equal(2, manifestAndSchema.Count);

        var output = sandbox.NodetoolOk("listsnapshots");

        var lines = output.Split('\n');
        var created = Regex.Match(lines[2], InstantPattern).Value;
        Assert.InRange(DateTimeOffset.Parse(created, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal("Snapshot Details: ", lines[0]);
        Assert.Equal($"Snapshot name Keyspace name Column family name True size Size on disk {"Creation time".PadRight(created.Length)} Expiration time", lines[1]);
        var trueSize = FileSize.Stringify(manifestAndSchema.Sum(f => new FileInfo(f).Length));
        var sizeOnDisk = FileSize.Stringify(snapshotFiles.Sum(f => new FileInfo(f).Length));
        Assert.Equal(
            "Snapshot Details: \n"
            + Table(" ", [SnapshotsHeader, ["t1", "ks", "t", trueSize, sizeOnDisk, created, string.Empty]])
            + "\nTotal TrueDiskSpaceUsed: 0 bytes\n\n",
            output);
        Assert.EndsWith(created + new string(' ', 16), lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Listsnapshots_sorts_rows_by_tag_then_table()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.b", 1);
        sandbox.Write("ks.a", 1);
        sandbox.NodetoolOk("snapshot", "-t", "zz", "ks");
        sandbox.NodetoolOk("snapshot", "-t", "aa", "ks");
        sandbox.NodetoolOk("snapshot", "-t", "mm", "ks");

        var rows = SnapshotRows(sandbox.NodetoolOk("listsnapshots"));

        Assert.Equal([("aa", "ks", "a"), ("aa", "ks", "b"), ("mm", "ks", "a"), ("mm", "ks", "b"), ("zz", "ks", "a"), ("zz", "ks", "b")], rows);
    }

    [Fact]
    public void Listsnapshots_counts_snapshotted_sstables_in_the_total_once_compaction_replaced_them()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 100);
        sandbox.NodetoolOk("flush", "ks");
        sandbox.Write("ks.t", 100, startKey: 100);
        sandbox.NodetoolOk("flush", "ks");
        Assert.True(sandbox.LiveDataFiles("ks.t").Count >= 2);
        sandbox.NodetoolOk("snapshot", "-t", "t1", "ks");
        Assert.EndsWith("\nTotal TrueDiskSpaceUsed: 0 bytes\n\n", sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);

        Assert.Equal(string.Empty, sandbox.NodetoolOk("compact", "ks"));
        var output = sandbox.NodetoolOk("listsnapshots");

        var files = SnapshotFiles(sandbox, "ks.t", "t1");
        var sstableBytes = files.Where(f => Path.GetFileName(f) is not ("manifest.json" or "schema.cql")).Sum(f => new FileInfo(f).Length);
        Assert.True(sstableBytes > 0);
        Assert.EndsWith($"\nTotal TrueDiskSpaceUsed: {FileSize.Stringify(sstableBytes)}\n\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Total TrueDiskSpaceUsed: 0 bytes", output, StringComparison.Ordinal);

        // No snapshotted file has a live twin any more, so the row's true size is its whole size on disk.
        var all = FileSize.Stringify(files.Sum(f => new FileInfo(f).Length));
        Assert.Matches($@"\nt1 +ks +t +{Regex.Escape(all)} +{Regex.Escape(all)} +{InstantPattern} {{16}}\n", output);
    }

    // ---------------------------------------------------------------- clearsnapshot

    [Fact]
    public void Clearsnapshot_without_a_tag_or_all_fails_with_exit_2_as_a_runtime_exception()
    {
        using var sandbox = new SandboxHarness();

        var result = sandbox.Nodetool("clearsnapshot");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.StartsWith("error: Specify snapshot name or --all\n-- StackTrace --\njava.lang.RuntimeException: Specify snapshot name or --all\n",
            result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Clearsnapshot_with_both_a_tag_and_all_fails_with_exit_2()
    {
        using var sandbox = new SandboxHarness();

        var result = sandbox.Nodetool("clearsnapshot", "-t", "x", "--all");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.StartsWith("error: Specify only one of snapshot name or --all\n-- StackTrace --\n", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Clearsnapshot_prints_what_it_clears_and_removes_only_the_matching_snapshots()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        sandbox.NodetoolOk("snapshot", "-t", "t1", "ks");

        var other = sandbox.NodetoolOk("clearsnapshot", "-t", "x");
        var afterOther = SnapshotRows(sandbox.NodetoolOk("listsnapshots"));
        var all = sandbox.NodetoolOk("clearsnapshot", "--all", "ks");

        Assert.Equal("Requested clearing snapshot(s) for [all keyspaces] with snapshot name [x]\n", other);
        Assert.Equal([("t1", "ks", "t")], afterOther);
        Assert.Equal("Requested clearing snapshot(s) for [ks] with [all snapshots]\n", all);
        Assert.Equal("Snapshot Details: \nThere are no snapshots\n", sandbox.NodetoolOk("listsnapshots"));
    }

    // ---------------------------------------------------------------- backups, flush, compact

    [Fact]
    public void Statusbackup_follows_enablebackup_and_disablebackup()
    {
        using var sandbox = new SandboxHarness();

        Assert.Equal("not running\n", sandbox.NodetoolOk("statusbackup"));
        Assert.Equal(string.Empty, sandbox.NodetoolOk("enablebackup"));
        Assert.Equal("running\n", sandbox.NodetoolOk("statusbackup"));
        Assert.Equal(string.Empty, sandbox.NodetoolOk("disablebackup"));
        Assert.Equal("not running\n", sandbox.NodetoolOk("statusbackup"));
    }

    [Fact]
    public void Flush_and_compact_of_an_unknown_keyspace_are_bad_use_with_exit_1()
    {
        using var sandbox = new SandboxHarness();

        foreach (var command in new[] { "flush", "compact" })
        {
            var result = sandbox.Nodetool(command, "nosuch");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("nodetool: Keyspace [nosuch] does not exist.\n" + HelpHint, result.StandardOutput);
            Assert.Equal(string.Empty, result.StandardError);
        }
    }

    [Fact]
    public void Flush_of_an_unknown_table_fails_with_exit_2_as_an_illegal_argument()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);

        var result = sandbox.Nodetool("flush", "ks", "nosuch");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.StartsWith("error: Unknown keyspace/cf pair (ks.nosuch)\n-- StackTrace --\njava.lang.IllegalArgumentException: Unknown keyspace/cf pair (ks.nosuch)\n",
            result.StandardError, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- parse errors

    [Fact]
    public void Unknown_options_and_commands_are_reported_as_unexpected_parameters_with_exit_1()
    {
        using var sandbox = new SandboxHarness();

        var option = sandbox.Nodetool("status", "--bogus");
        var command = sandbox.Nodetool("frobnicate");

        Assert.Equal(1, option.ExitCode);
        Assert.Equal("nodetool: Found unexpected parameters: [--bogus]\n" + HelpHint, option.StandardOutput);
        Assert.Equal(string.Empty, option.StandardError);
        Assert.Equal(1, command.ExitCode);
        Assert.Equal("nodetool: Found unexpected parameters: [frobnicate]\n" + HelpHint, command.StandardOutput);
        Assert.Equal(string.Empty, command.StandardError);
    }

    [Fact]
    public void An_option_without_its_value_names_the_option_title()
    {
        using var sandbox = new SandboxHarness();

        var result = sandbox.Nodetool("snapshot", "-t");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("nodetool: Required values for option 'tag' not provided\n" + HelpHint, result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    // ---------------------------------------------------------------- connection

    [Fact]
    public void A_stopped_node_refuses_every_command_until_it_starts_again()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        sandbox.Node().Stop();

        string[][] commands =
        [
            ["status"], ["info"], ["version"], ["snapshot", "-t", "t1", "ks"], ["listsnapshots"], ["clearsnapshot"], ["flush", "nosuch"],
            ["statusbackup"], ["describecluster"],
        ];
        foreach (var command in commands)
        {
            var result = sandbox.Nodetool(command);

            Assert.True(result.ExitCode == 1, $"nodetool {string.Join(' ', command)} exited {result.ExitCode}");
            Assert.Equal(string.Empty, result.StandardOutput);
            Assert.Equal(Refused, result.StandardError);
        }

        sandbox.Node().Start();
        Assert.Equal("not running\n", sandbox.NodetoolOk("statusbackup"));
        Assert.StartsWith("Datacenter: dc1\n", sandbox.NodetoolOk("status"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_without_a_node_is_refused_with_its_own_address()
    {
        using var sandbox = new SandboxHarness();

        var result = sandbox.Nodetool("-h", "127.0.0.9", "info");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Equal("nodetool: Failed to connect to '127.0.0.9:7199' - ConnectException: 'Connection refused'.\n", result.StandardError);
    }

    [Fact]
    public void The_host_option_reaches_another_node_of_the_cluster()
    {
        using var sandbox = new SandboxHarness(nodes: 2);
        var node2Id = InfoValue(sandbox.NodetoolOn("node2", "info").StandardOutput, "ID");
        var node1Id = InfoValue(sandbox.NodetoolOk("info"), "ID");

        var remote = sandbox.NodetoolOk("-h", "127.0.0.2", "info");

        Assert.NotEqual(node1Id, node2Id);
        Assert.Equal(node2Id, InfoValue(remote, "ID"));
    }

    // ---------------------------------------------------------------- refresh, import, version

    [Fact]
    public void Refresh_prints_its_deprecation_notice()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);

        var result = sandbox.Nodetool("refresh", "ks", "t");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nodetool refresh is deprecated, use nodetool import instead\n", result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public void Import_from_a_missing_directory_fails_with_exit_2()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        var missing = Path.Combine(sandbox.Path, "no-such-dir");

        var result = sandbox.Nodetool("import", "ks", "t", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.StartsWith($"error: Directory {missing} does not exist\n-- StackTrace --\njava.lang.RuntimeException: Directory {missing} does not exist\n",
            result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_into_an_unknown_table_finds_no_column_family_store_and_exits_1()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);

        var result = sandbox.Nodetool("import", "ks", "nosuch", sandbox.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Equal("ColumnFamilyStore for ks/nosuch not found.\n", result.StandardError);
    }

    [Fact]
    public void Version_prints_the_41_release_version()
    {
        using var sandbox = new SandboxHarness();

        Assert.Equal("ReleaseVersion: 4.1.7\n", sandbox.NodetoolOk("version"));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The value after <c>label (padded to 23): </c> in nodetool info.</summary>
    private static string InfoValue(string info, string label)
    {
        var prefix = label.PadRight(23) + ": ";
        return info.Split('\n').First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
    }

    private static string Label(string infoLine)
    {
        Assert.Equal(": ", infoLine.Substring(23, 2));
        return infoLine[..23].TrimEnd();
    }

    private static int[] Widths(IReadOnlyList<string[]> rows) =>
        Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();

    /// <summary>TableBuilder as nodetool prints it: every column, the last too, left-aligned and padded.</summary>
    private static string Table(string delimiter, IReadOnlyList<string[]> rows, int[]? widths = null)
    {
        widths ??= Widths(rows);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(delimiter, row.Select((cell, i) => cell.PadRight(widths[i]))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Ring's <c>%-{addr}s  %-12s%-7s%-8s%-16s%-20s%-44s%n</c>.</summary>
    private static string RingRow(int addressWidth, string address, string rack, string status, string state, string load, string owns, string token) =>
        address.PadRight(addressWidth) + "  " + rack.PadRight(12) + status.PadRight(7) + state.PadRight(8) + load.PadRight(16) + owns.PadRight(20)
        + token.PadRight(44) + "\n";

    /// <summary>(tag, keyspace, table) of each listsnapshots row, in printed order.</summary>
    private static List<(string Tag, string Keyspace, string Table)> SnapshotRows(string listsnapshots) =>
        listsnapshots.Split('\n').Skip(2).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(c => (c[0], c[1], c[2]))
            .ToList();

    /// <summary>Every file of a table's snapshot, over all data directories (index subdirectories included).</summary>
    private static List<string> SnapshotFiles(SandboxHarness sandbox, string table, string tag) =>
        sandbox.TableDirectories(table)
            .Select(d => Path.Combine(d, "snapshots", tag))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .ToList();
}
