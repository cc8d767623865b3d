using System.Text.Json;
using Amphora.Core.Snapshots;
using Amphora.Tests.Support;

namespace Amphora.Tests.Snapshots;

/// <summary>Cassandra's automatic snapshots (dropped-/truncated-&lt;ms&gt;-&lt;table&gt;), found on a real sandbox node.</summary>
public sealed class AutoSnapshotTests
{
    [Theory]
    [InlineData("dropped-1763806530123-orders", AutoSnapshotKind.Dropped, 1763806530123L, "orders")]
    [InlineData("truncated-1-t_2", AutoSnapshotKind.Truncated, 1L, "t_2")]
    public void Cassandras_names_parse_to_kind_time_and_table(string name, AutoSnapshotKind kind, long ms, string table)
    {
        Assert.Equal(new AutoSnapshotName(kind, DateTimeOffset.FromUnixTimeMilliseconds(ms), table), AutoSnapshotName.TryParse(name));
    }

    [Theory]
    [InlineData("amphora-20261122-101530")]
    [InlineData("before-upgrade")]
    [InlineData("dropped-orders")]
    [InlineData("dropped--1-orders")]
    [InlineData("dropped-1763806530123-")]
    [InlineData("Dropped-1763806530123-orders")]
    [InlineData("dropped-1763806530123-orders\n")]
    [InlineData("dropped-999999999999999999-orders")]
    [InlineData("truncated-1763806530123-or.ders")]
    public void Other_names_are_not_automatic_snapshots(string name) => Assert.Null(AutoSnapshotName.TryParse(name));

    [Fact]
    public void Lists_dropped_and_truncated_snapshots_of_a_sandbox_node_with_sizes_and_whether_the_table_was_recreated()
    {
        using var bench = new CliBench();
        var sandbox = bench.Sandbox;
        sandbox.Write("shop.orders", 300);
        sandbox.Write("shop.items", 50);
        sandbox.NodetoolOk("snapshot", "-t", "manual", "shop");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        CliBench.Ok(CliBench.Amphora("sandbox", "truncate", sandbox.Path, "--node", "node1", "--table", "shop.items"));
        sandbox.Write("shop.orders", 100, startKey: 300);
        CliBench.Ok(CliBench.Amphora("sandbox", "drop", sandbox.Path, "--node", "node1", "--table", "shop.orders"));
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        var oldOrdersDirectory = Assert.Single(sandbox.TableDirectories("shop.orders").Select(Path.GetFileName).Distinct());
        sandbox.Write("shop.orders", 10); // created again: a new id, a new directory

        var json = CliBench.Ok(CliBench.Amphora("snapshots", "list", "--auto", "--cassandra-yaml", bench.CassandraYaml, "--output", "json"));
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var dropped = rows[0];
        var truncated = rows[1];

        Assert.Matches("^dropped-[0-9]{13}-orders$", dropped.GetProperty("name").GetString());
        Assert.Equal("dropped", dropped.GetProperty("kind").GetString());
        Assert.Equal(("shop", "orders"), (dropped.GetProperty("keyspace").GetString(), dropped.GetProperty("table").GetString()));
        Assert.Equal(oldOrdersDirectory, "orders-" + dropped.GetProperty("table_id").GetString());
        Assert.True(dropped.GetProperty("recreated").GetBoolean());
        var newId = dropped.GetProperty("newer_table_id").GetString()!;
        Assert.NotEqual(dropped.GetProperty("table_id").GetString(), newId);
        Assert.Contains(sandbox.TableDirectories("shop.orders"), d => d.EndsWith("orders-" + newId, StringComparison.Ordinal));

        Assert.Matches("^truncated-[0-9]{13}-items$", truncated.GetProperty("name").GetString());
        Assert.Equal("truncated", truncated.GetProperty("kind").GetString());
        Assert.False(truncated.GetProperty("recreated").GetBoolean());
        Assert.False(truncated.TryGetProperty("newer_table_id", out _));

        foreach (var row in rows)
        {
            var takenAt = row.GetProperty("taken_at").GetDateTimeOffset();
            Assert.InRange(takenAt, before, after);
            Assert.Equal(long.Parse(row.GetProperty("name").GetString()!.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture), takenAt.ToUnixTimeMilliseconds());

            // Files and bytes: every file of that snapshot in every data directory.
            var onDisk = sandbox.Config().DataDirectories
                .Select(d => Path.Combine(d, "shop", $"{row.GetProperty("table").GetString()}-{row.GetProperty("table_id").GetString()}", "snapshots", row.GetProperty("name").GetString()!))
                .Where(Directory.Exists)
                .SelectMany(d => new DirectoryInfo(d).GetFiles("*", SearchOption.AllDirectories))
                .ToList();
            Assert.NotEmpty(onDisk);
            Assert.Equal(onDisk.Count, row.GetProperty("files").GetInt32());
            Assert.Equal(onDisk.Sum(f => f.Length), row.GetProperty("size").GetInt64());
        }

        // The text listing names the same snapshots, kinds, tables and the hint to restore.
        var text = CliBench.Ok(CliBench.Amphora("snapshots", "list", "--auto", "--cassandra-yaml", bench.CassandraYaml));
        Assert.Matches(@"(?m)^SNAPSHOT\s+KIND\s+TABLE\s+TAKEN\s+FILES\s+SIZE\s+RECREATED$", text);
        Assert.Matches($@"(?m)^{dropped.GetProperty("name").GetString()}\s+dropped\s+shop\.orders\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\s+\d+\s+.+\s+yes \(now id {newId}\)$", text);
        Assert.Matches($@"(?m)^{truncated.GetProperty("name").GetString()}\s+truncated\s+shop\.items\s+.*\s+no$", text);
        Assert.DoesNotContain("manual", text, StringComparison.Ordinal);
        Assert.Contains("amphora restore --from-local-snapshot NAME", text, StringComparison.Ordinal);

        // The plain listing still shows every snapshot.
        Assert.Contains("manual", CliBench.Ok(CliBench.Amphora("snapshots", "list", "--cassandra-yaml", bench.CassandraYaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_without_automatic_snapshots_says_so()
    {
        using var bench = new CliBench();
        bench.Sandbox.Write("shop.orders", 10);
        bench.Sandbox.NodetoolOk("snapshot", "-t", "manual", "shop");
        Assert.Equal("There are no automatic snapshots (dropped-* or truncated-*).\n",
            CliBench.Ok(CliBench.Amphora("snapshots", "list", "--auto", "--cassandra-yaml", bench.CassandraYaml)));
        Assert.Equal("[]", CliBench.Ok(CliBench.Amphora("snapshots", "list", "--auto", "--cassandra-yaml", bench.CassandraYaml, "--output", "json")).Trim());
    }
}
