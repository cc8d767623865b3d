using Amphora.Core.Repository;
using Amphora.Core.Restore;
using Amphora.Core.Restore.Schema;

namespace Amphora.Tests.Restore;

/// <summary>The restore's schema script: an allow-list over untrusted schema.cql, IF NOT EXISTS everywhere, renames.</summary>
public sealed class RestoreSchemaScriptTests
{
    private const string OrdersSchema = """
        CREATE TYPE IF NOT EXISTS shop.address (
            street text,
            city text
        );
        CREATE TABLE IF NOT EXISTS shop.orders (
            id bigint PRIMARY KEY,
            shipping frozen<address>,
            value text
        ) WITH ID = 2046822a-e635-11f1-88c0-2563d4e36ac1
            AND bloom_filter_fp_chance = 0.01
            AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}
            AND comment = 'orders; the ''main'' table'
            AND speculative_retry = '99p';
        CREATE INDEX IF NOT EXISTS orders_value_idx ON shop.orders (value);
        CREATE CUSTOM INDEX orders_city_idx ON shop.orders (shipping) USING 'org.apache.cassandra.index.sasi.SASIIndex' WITH OPTIONS = {'mode': 'CONTAINS'};
        """;

    private static TableEntry Table(string keyspace, string table, string? schema, string? id = "2046822ae63511f188c02563d4e36ac1") => new()
    {
        Keyspace = keyspace,
        Table = table,
        TableId = id,
        Schema = schema,
        Files = [],
    };

    private static NodeManifest Manifest(params TableEntry[] tables) => new()
    {
        Tag = "b1",
        Kind = "snapshot",
        SnapshotName = "amphora-b1",
        StartedAt = new DateTimeOffset(2026, 11, 22, 10, 15, 30, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 22, 10, 16, 0, TimeSpan.Zero),
        Node = new NodeEntry
        {
            Cluster = "Prod",
            Datacenter = "dc1",
            Rack = "rack1",
            HostId = Guid.Parse("f14c25a2-79eb-41b4-84b7-331b133fb19c"),
            Hostname = "cass-1",
            Tokens = ["1"],
            CassandraVersion = "4.1.7",
            DataDirectories = ["/var/lib/cassandra/data"],
        },
        Tables = tables,
    };

    private static RestoreSchemaScript Build(string schema, string keyspace = "shop", string table = "orders", params string[] renames)
    {
        var entry = Table(keyspace, table, schema);
        return RestoreSchemaScript.Build(Manifest(entry), [entry], RenameMap.Parse(renames));
    }

    [Fact]
    public void The_original_schema_passes_unchanged_apart_from_if_not_exists_and_the_header_says_what_it_is()
    {
        var script = Build(OrdersSchema);
        Assert.Equal(4, script.Statements.Count);
        Assert.StartsWith("CREATE TYPE IF NOT EXISTS shop.address (", script.Statements[0], StringComparison.Ordinal);
        Assert.Contains(") WITH ID = 2046822a-e635-11f1-88c0-2563d4e36ac1\n    AND bloom_filter_fp_chance = 0.01", script.Statements[1], StringComparison.Ordinal);
        Assert.Contains("AND comment = 'orders; the ''main'' table'", script.Statements[1], StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX IF NOT EXISTS orders_value_idx ON shop.orders (value);", script.Statements[2]);
        Assert.Equal(
            "CREATE CUSTOM INDEX IF NOT EXISTS orders_city_idx ON shop.orders (shipping) USING 'org.apache.cassandra.index.sasi.SASIIndex' WITH OPTIONS = {'mode': 'CONTAINS'};",
            script.Statements[3]);
        Assert.Equal(["shop"], script.Keyspaces);
        Assert.StartsWith(
            "-- Schema of 1 table(s) from backup b1 of cluster 'Prod', node f14c25a2-79eb-41b4-84b7-331b133fb19c (cass-1, dc1/rack1, Cassandra 4.1.7),\n" +
            "-- taken 2026-11-22T10:15:30Z to 2026-11-22T10:16:00Z.\n" +
            "-- The keyspace(s) shop must exist before this runs",
            script.Text, StringComparison.Ordinal);
        Assert.Contains("\n-- shop.orders (id 2046822ae63511f188c02563d4e36ac1)\nCREATE TYPE IF NOT EXISTS shop.address", script.Text, StringComparison.Ordinal);

        // Every non-comment line of the script belongs to an allowed statement.
        var code = string.Join('\n', script.Text.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        Assert.Equal(string.Join('\n', script.Statements), code.Trim('\n').Replace("\n\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY)", "CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY);")]
    [InlineData("create table orders (id int primary key)", "create table IF NOT EXISTS shop.orders (id int primary key);")]
    [InlineData("CREATE TABLE Shop.ORDERS (id int PRIMARY KEY)", "CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY);")]
    [InlineData("CREATE TYPE shop.t (a int)", "CREATE TYPE IF NOT EXISTS shop.t (a int);")]
    [InlineData("CREATE INDEX ON shop.orders (value)", "CREATE INDEX IF NOT EXISTS ON shop.orders (value);")]
    [InlineData("CREATE INDEX i ON orders (value)", "CREATE INDEX IF NOT EXISTS i ON shop.orders (value);")]
    [InlineData("CREATE INDEX i ON shop.orders (value) USING 'sai'", "CREATE INDEX IF NOT EXISTS i ON shop.orders (value) USING 'sai';")]
    [InlineData("CREATE MATERIALIZED VIEW shop.by_value AS SELECT * FROM shop.orders WHERE value IS NOT NULL AND id IS NOT NULL PRIMARY KEY (value, id)",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS shop.by_value AS SELECT * FROM shop.orders WHERE value IS NOT NULL AND id IS NOT NULL PRIMARY KEY (value, id);")]
    public void Statements_without_if_not_exists_get_it_and_names_are_qualified(string schema, string expected)
    {
        Assert.Equal([expected], Build(schema).Statements);
    }

    [Fact]
    public void Quoted_case_sensitive_names_must_match_exactly()
    {
        Assert.Equal(["CREATE TABLE IF NOT EXISTS \"Shop\".\"Orders\" (id int PRIMARY KEY);"],
            Build("CREATE TABLE \"Shop\".\"Orders\" (id int PRIMARY KEY);", "Shop", "Orders").Statements);
        var error = Assert.Throws<InvalidDataException>(() => Build("CREATE TABLE shop.\"Orders\" (id int PRIMARY KEY);"));
        Assert.Contains("which creates another table, shop.Orders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_entry_may_name_its_base_table_and_a_base_entry_its_view()
    {
        const string view = "CREATE MATERIALIZED VIEW shop.by_value AS SELECT * FROM shop.orders WHERE value IS NOT NULL PRIMARY KEY (value, id) WITH ID = 1-2 AND comment = ''";
        Assert.Single(Build(view, "shop", "by_value").Statements);
        Assert.Single(Build(view, "shop", "orders").Statements);
        var renamed = Build(view, "shop", "by_value", "shop.by_value=shop.by_value2");
        Assert.Equal(["CREATE MATERIALIZED VIEW IF NOT EXISTS shop.by_value2 AS SELECT * FROM shop.orders WHERE value IS NOT NULL PRIMARY KEY (value, id) WITH comment = '';"],
            renamed.Statements);
        var other = Assert.Throws<InvalidDataException>(() => Build(view, "shop", "items"));
        Assert.Contains("which creates view shop.by_value of shop.orders, not a view of or on shop.items", other.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DROP TABLE shop.orders", "'DROP TABLE shop . orders', which is not a CREATE statement")]
    [InlineData("DROP KEYSPACE shop", "'DROP KEYSPACE shop', which is not a CREATE statement")]
    [InlineData("ALTER TABLE shop.orders DROP value", "'ALTER TABLE shop . orders DROP value', which is not a CREATE statement")]
    [InlineData("INSERT INTO shop.orders (id) VALUES (1)", "which is not a CREATE statement")]
    [InlineData("USE shop", "'USE shop', which is not a CREATE statement")]
    [InlineData("TRUNCATE shop.orders", "which is not a CREATE statement")]
    [InlineData("CREATE KEYSPACE evil WITH replication = {'class': 'SimpleStrategy'}", "which creates something else")]
    [InlineData("CREATE ROLE evil WITH SUPERUSER = true AND LOGIN = true", "which creates something else")]
    [InlineData("CREATE FUNCTION shop.f (a int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return a; $$", "which creates something else")]
    [InlineData("CREATE TRIGGER t ON shop.orders USING 'Evil'", "which creates something else")]
    [InlineData("CREATE TABLE shop.items (id int PRIMARY KEY)", "which creates another table, shop.items")]
    [InlineData("CREATE TABLE other.orders (id int PRIMARY KEY)", "which creates another table, other.orders")]
    [InlineData("CREATE TYPE other.t (a int)", "which creates type other.t in another keyspace")]
    [InlineData("CREATE INDEX i ON shop.items (value)", "which indexes another table, shop.items")]
    [InlineData("CREATE INDEX i ON other.orders (value)", "which indexes another table, other.orders")]
    [InlineData("CREATE INDEX other.i ON shop.orders (value)", "which creates index other.i in another keyspace")]
    [InlineData("CREATE TABLE IF EXISTS shop.orders (id int PRIMARY KEY)", "which has IF but not IF NOT EXISTS")]
    [InlineData("CREATE TABLE (id int PRIMARY KEY)", "which has no a table name where one belongs")]
    public void Anything_but_the_tables_own_create_statements_is_refused_naming_table_and_statement(string statement, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Build("CREATE TABLE shop.orders (id int PRIMARY KEY);\n" + statement + ";"));
        Assert.StartsWith("the schema of shop.orders in backup b1 (node f14c25a2-79eb-41b4-84b7-331b133fb19c) holds '", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("create the table by hand, or leave the table out with -K.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH comment = 'x'; DROP KEYSPACE shop; --'", "DROP KEYSPACE shop")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) /* ; */ ; DROP TABLE shop.orders", "DROP TABLE")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) -- comment\nDROP TABLE shop.orders", "which goes on after its closing ) with 'DROP' instead of WITH")]
    [InlineData("CREATE TYPE shop.t (a int) DROP TABLE shop.orders", "which goes on after its closing ) with 'DROP'")]
    [InlineData("CREATE INDEX i ON shop.orders (value) APPLY BATCH", "which goes on after its closing ) with 'APPLY' instead of USING")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY", "which never closes its (")]
    [InlineData("CREATE TABLE shop.orders AS SELECT", "which has no ( after the name")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH comment = $$x$$; DROP TABLE shop.orders", "DROP TABLE")]
    [InlineData("CREATE TABLE shop.\"orders\"\"\" (id int PRIMARY KEY); DROP TABLE shop.orders", "which creates another table, shop.orders\"")]
    public void Statements_smuggled_past_quotes_and_comments_are_found_and_refused(string schema, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Build(schema));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH comment = 'x; DROP KEYSPACE shop;")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) /* DROP KEYSPACE shop;")]
    [InlineData("CREATE TABLE shop.\"orders (id int PRIMARY KEY);")]
    public void Unbalanced_quotes_refuse_the_table(string schema)
    {
        var error = Assert.Throws<InvalidDataException>(() => Build(schema));
        Assert.StartsWith("the schema of shop.orders in backup b1 (node f14c25a2-79eb-41b4-84b7-331b133fb19c) is not well-formed CQL: a ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is never closed (unbalanced quotes or comment)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_text_that_looks_like_a_statement_stays_inside_its_string()
    {
        var script = Build("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH comment = 'x''; DROP KEYSPACE shop; --';");
        Assert.Equal(["CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY) WITH comment = 'x''; DROP KEYSPACE shop; --';"], script.Statements);
    }

    [Fact]
    public void Comments_in_the_source_never_reach_the_script()
    {
        var script = Build("/* hello */ CREATE TABLE shop.orders -- name\n (id int PRIMARY KEY) // end\n;");
        Assert.Equal(["CREATE TABLE IF NOT EXISTS shop.orders  \n (id int PRIMARY KEY);"], script.Statements);
        Assert.DoesNotContain("hello", script.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("// end", script.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_table_gets_its_new_name_no_id_renamed_indexes_and_its_types_in_the_new_keyspace()
    {
        var script = Build(OrdersSchema, "shop", "orders", "shop.orders=shop_restored.orders_copy");
        Assert.Equal(["shop_restored"], script.Keyspaces);
        Assert.Equal("CREATE TYPE IF NOT EXISTS shop_restored.address (\n    street text,\n    city text\n);", script.Statements[0]);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS shop_restored.orders_copy (", script.Statements[1], StringComparison.Ordinal);
        Assert.DoesNotContain("ID =", script.Statements[1], StringComparison.Ordinal);
        Assert.DoesNotContain("2046822a", script.Statements[1], StringComparison.Ordinal);
        Assert.Contains(") WITH bloom_filter_fp_chance = 0.01\n    AND caching", script.Statements[1], StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX IF NOT EXISTS orders_copy_orders_value_idx ON shop_restored.orders_copy (value);", script.Statements[2]);
        Assert.StartsWith("CREATE CUSTOM INDEX IF NOT EXISTS orders_copy_orders_city_idx ON shop_restored.orders_copy (shipping) USING", script.Statements[3], StringComparison.Ordinal);
        Assert.Contains("-- shop.orders (id 2046822ae63511f188c02563d4e36ac1), restored as shop_restored.orders_copy (with a new id)", script.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH ID = 1-2-3", "CREATE TABLE IF NOT EXISTS shop.o2 (id int PRIMARY KEY);")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH a = 1 AND id = 1-2-3", "CREATE TABLE IF NOT EXISTS shop.o2 (id int PRIMARY KEY) WITH a = 1;")]
    [InlineData("CREATE TABLE shop.orders (id int PRIMARY KEY) WITH a = {'id': 'x'} AND ID = 1 AND b = 2", "CREATE TABLE IF NOT EXISTS shop.o2 (id int PRIMARY KEY) WITH a = {'id': 'x'} AND b = 2;")]
    [InlineData("CREATE TABLE shop.orders (id int, c int, PRIMARY KEY (id, c)) WITH CLUSTERING ORDER BY (c DESC)", "CREATE TABLE IF NOT EXISTS shop.o2 (id int, c int, PRIMARY KEY (id, c)) WITH CLUSTERING ORDER BY (c DESC);")]
    [InlineData("CREATE INDEX \"Value\" ON shop.orders (value)", "CREATE INDEX IF NOT EXISTS \"o2_Value\" ON shop.o2 (value);")]
    public void Renaming_drops_the_id_option_wherever_it_is_and_quotes_new_names_when_needed(string schema, string expected)
    {
        Assert.Equal([expected], Build(schema, "shop", "orders", "shop.orders=shop.o2").Statements);
    }

    [Fact]
    public void Several_tables_share_types_once_and_a_table_without_schema_gets_a_comment()
    {
        var orders = Table("shop", "orders", OrdersSchema);
        var returns = Table("shop", "returns", "CREATE TYPE shop.address (street text, city text);\nCREATE TABLE shop.returns (id int PRIMARY KEY, a frozen<address>);", "0000000000000000000000000000000a");
        var legacy = Table("old", "events", null, null);
        var script = RestoreSchemaScript.Build(Manifest(orders, returns, legacy), [orders, returns, legacy]);
        Assert.Equal(["old", "shop"], script.Keyspaces);
        Assert.Equal(["old.events"], script.TablesWithoutSchema);
        Assert.Equal(2, script.Statements.Count(s => s.StartsWith("CREATE TYPE", StringComparison.Ordinal)));
        Assert.Contains("-- old.events\n-- The backup holds no schema for this table: the node did not record schema.cql (Cassandra before 3.0.9).", script.Text, StringComparison.Ordinal);
        Assert.Contains("-- The keyspace(s) old, shop must exist before this runs", script.Text, StringComparison.Ordinal);

        var same = Table("shop", "returns", OrdersSchema.Replace("orders", "returns", StringComparison.Ordinal), "0000000000000000000000000000000b");
        Assert.Single(RestoreSchemaScript.Build(Manifest(orders, same), [orders, same]).Statements, s => s.StartsWith("CREATE TYPE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_dropped_and_recreated_puts_its_newest_schema_first()
    {
        // Version 1 (time) UUIDs: the second was made later.
        var old = Table("shop", "orders", "CREATE TABLE shop.orders (id int PRIMARY KEY) WITH comment = 'old'", "1e7e0a00e63511f188c02563d4e36ac1");
        var recreated = Table("shop", "orders", "CREATE TABLE shop.orders (id int PRIMARY KEY) WITH comment = 'new'", "2e7e0a00f63511f188c02563d4e36ac1");
        var items = Table("shop", "items", "CREATE TABLE shop.items (id int PRIMARY KEY)", "00000000000000000000000000000001");
        var script = RestoreSchemaScript.Build(Manifest(old, items, recreated), [old, items, recreated]);
        Assert.Equal(
            ["CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY) WITH comment = 'new';", "CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY) WITH comment = 'old';",
                "CREATE TABLE IF NOT EXISTS shop.items (id int PRIMARY KEY);"],
            script.Statements);
    }

    [Fact]
    public void Renames_are_checked_against_the_tables()
    {
        var orders = Table("shop", "orders", OrdersSchema);
        var error = Assert.Throws<ArgumentException>(() => RestoreSchemaScript.Build(Manifest(orders), [orders], RenameMap.Parse(["shop.items=shop.x"])));
        Assert.Contains("shop.items is not among the tables restored", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_header_fields_cannot_break_out_of_the_comment()
    {
        var orders = Table("shop", "orders", OrdersSchema);
        var manifest = Manifest(orders) with { Node = Manifest(orders).Node with { Hostname = "h\u2028DROP KEYSPACE shop;" } };
        var script = RestoreSchemaScript.Build(manifest, [orders]);
        Assert.Contains("(h?DROP KEYSPACE shop;, dc1/rack1", script.Text, StringComparison.Ordinal);
        Assert.All(script.Text.Split('\n').Where(l => l.Contains("DROP", StringComparison.Ordinal)), l => Assert.StartsWith("--", l, StringComparison.Ordinal));
    }
}
