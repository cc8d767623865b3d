using Amphora.Core.Restore;

namespace Amphora.Tests.Restore;

/// <summary>-K for restores: exact tables or whole keyspaces, and an entry that matches nothing is an error.</summary>
public sealed class RestoreTableSelectionTests
{
    private static readonly (string Keyspace, string Table)[] Backup =
        [("shop", "orders"), ("shop", "customers"), ("shop2", "items"), ("audit", "log"), ("system_auth", "roles"), ("system", "local")];

    [Theory]
    [InlineData(null, "shop.orders,shop.customers,shop2.items,audit.log")]
    [InlineData("  ", "shop.orders,shop.customers,shop2.items,audit.log")]
    [InlineData("shop.orders", "shop.orders")]
    [InlineData("shop.*", "shop.orders,shop.customers")]
    [InlineData("shop2, audit.log", "shop2.items,audit.log")]
    [InlineData("system_auth", "system_auth.roles")]
    [InlineData("system.local,shop.customers", "shop.customers,system.local")]
    public void Selects_exact_tables_and_whole_keyspaces_and_system_keyspaces_only_when_named(string? text, string expected)
    {
        var selection = RestoreTableSelection.Parse(text);
        var selected = selection.Select(Backup, t => t, "backup b1");
        Assert.Equal(expected, string.Join(',', selected.Select(t => $"{t.Keyspace}.{t.Table}")));
    }

    [Fact]
    public void Names_are_case_sensitive_as_on_disk()
    {
        var selection = RestoreTableSelection.Parse("shop.Orders");
        Assert.False(selection.Matches("shop", "orders"));
        Assert.True(selection.Matches("shop", "Orders"));
    }

    [Theory]
    [InlineData("shop.orders,,shop2.*", "empty entry")]
    [InlineData("shop.ord*", "is not ks.table")]
    [InlineData("shop.orders.x", "is not ks.table")]
    [InlineData("!shop.orders", "is not ks.table")]
    [InlineData("shop.\"orders\"", "is not ks.table")]
    [InlineData("shop.ördérs", "is not ks.table")]
    [InlineData("shop.orders;DROP", "is not ks.table")]
    [InlineData("shop.orders,shop.orders", "names shop.orders twice")]
    [InlineData("shop,shop.*", "names shop.* twice")]
    public void Bad_entries_are_refused_with_what_is_wrong(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => RestoreTableSelection.Parse(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_matching_no_backed_up_table_is_refused_listing_what_the_backup_has()
    {
        var selection = RestoreTableSelection.Parse("shop.orders,shop.order,nokeyspace");
        var error = Assert.Throws<ArgumentException>(() => selection.Select(Backup, t => t, "backup b1 of node n1"));
        Assert.Equal(
            "-K shop.order, nokeyspace.* matches no table in backup b1 of node n1; it has audit.log, shop.customers, shop.orders, shop2.items, system.*, system_auth.*.",
            error.Message);
    }
}
