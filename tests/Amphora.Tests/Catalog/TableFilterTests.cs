using Amphora.Core.Backup;

namespace Amphora.Tests.Catalog;

/// <summary>-K globs as Scylla Manager users write them, and the system keyspace defaults.</summary>
public sealed class TableFilterTests
{
    [Theory]
    [InlineData(null, "shop.orders", true)]
    [InlineData(null, "system_schema.tables", true)]
    [InlineData(null, "system_auth.roles", true)]
    [InlineData(null, "system.local", false)]
    [InlineData(null, "system_traces.sessions", false)]
    [InlineData("*", "system.peers", false)]
    [InlineData("system.local", "system.local", true)]
    [InlineData("system.local", "system.peers", false)]
    [InlineData("system", "system.peers", true)]
    [InlineData("shop.*,!shop.big", "shop.orders", true)]
    [InlineData("shop.*,!shop.big", "shop.big", false)]
    [InlineData("shop", "shop.orders", true)]
    [InlineData("shop", "other.orders", false)]
    [InlineData("!shop.audit", "shop.orders", true)]
    [InlineData("!shop.audit", "shop.audit", false)]
    [InlineData("!shop.audit", "system.local", false)]
    [InlineData("sh?p.ord*", "shop.orders", true)]
    [InlineData("sh?p.ord*", "shoop.orders", false)]
    [InlineData(" shop.orders , other ", "other.t", true)]
    public void Patterns_select_tables(string? patterns, string table, bool selected)
    {
        var parts = table.Split('.');
        Assert.Equal(selected, new TableFilter(patterns).Matches(parts[0], parts[1]));
    }

    [Theory]
    [InlineData("shop.orders.x")]
    [InlineData("shop/orders")]
    [InlineData("!")]
    [InlineData("shop;drop")]
    public void Malformed_patterns_are_refused_with_an_example(string patterns)
    {
        var error = Assert.Throws<ArgumentException>(() => new TableFilter(patterns));
        Assert.Contains("-K 'shop.*,!shop.audit'", error.Message, StringComparison.Ordinal);
    }
}
