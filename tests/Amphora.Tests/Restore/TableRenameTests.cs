using Amphora.Core.Restore;

namespace Amphora.Tests.Restore;

/// <summary>--rename ks.t=ks2.t2: one new name per table, never two tables onto one.</summary>
public sealed class TableRenameTests
{
    [Fact]
    public void Renamed_tables_map_to_their_new_name_and_others_keep_theirs()
    {
        var map = RenameMap.Parse(["shop.orders=shop_restored.orders", " shop.customers = shop.customers_old "]);
        Assert.Equal(2, map.Count);
        Assert.Equal(("shop_restored", "orders"), map.Apply("shop", "orders"));
        Assert.Equal(("shop", "customers_old"), map.Apply("shop", "customers"));
        Assert.Equal(("shop", "items"), map.Apply("shop", "items"));
        Assert.True(map.IsRenamed("shop", "orders"));
        Assert.False(map.IsRenamed("shop", "items"));
        Assert.Equal("shop.orders=shop_restored.orders", map.Renames[0].ToString());
        Assert.Same(RenameMap.Empty, RenameMap.Parse(null));
    }

    [Theory]
    [InlineData("shop.orders", "is not KEYSPACE.TABLE=KEYSPACE.TABLE")]
    [InlineData("shop.orders=orders2", "is not KEYSPACE.TABLE=KEYSPACE.TABLE")]
    [InlineData("shop.orders=shop.o=x", "is not KEYSPACE.TABLE=KEYSPACE.TABLE")]
    [InlineData("shop.*=shop2.*", "is not KEYSPACE.TABLE=KEYSPACE.TABLE")]
    [InlineData("shop.orders=shop.\"Orders\"", "is not KEYSPACE.TABLE=KEYSPACE.TABLE")]
    [InlineData("shop.orders=shop.o; DROP TABLE x", "is not KEYSPACE.TABLE=KEYSPACE.TABLE")]
    [InlineData("shop.orders=shop.orders", "renames shop.orders onto itself")]
    public void Bad_specs_are_refused(string spec, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => RenameMap.Parse([spec]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_table_renamed_twice_or_two_tables_renamed_onto_one_are_refused()
    {
        var twice = Assert.Throws<ArgumentException>(() => RenameMap.Parse(["shop.orders=a.b", "shop.orders=a.c"]));
        Assert.Contains("names shop.orders twice (shop.orders=a.b and shop.orders=a.c)", twice.Message, StringComparison.Ordinal);
        var onto = Assert.Throws<ArgumentException>(() => RenameMap.Parse(["shop.orders=a.b", "shop.items=a.b"]));
        Assert.Contains("both restore onto a.b", onto.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checked_against_the_restored_tables_a_rename_must_name_one_and_must_not_land_on_another()
    {
        var map = RenameMap.Parse(["shop.orders=shop.items"]);
        map.CheckAgainst([("shop", "orders")]);
        var collision = Assert.Throws<ArgumentException>(() => map.CheckAgainst([("shop", "orders"), ("shop", "items")]));
        Assert.Contains("would both be restored as shop.items", collision.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => map.CheckAgainst([("shop", "customers")]));
        Assert.Contains("shop.orders is not among the tables restored (shop.customers)", missing.Message, StringComparison.Ordinal);

        // A swap is two distinct targets: allowed.
        RenameMap.Parse(["shop.a=shop.b", "shop.b=shop.a"]).CheckAgainst([("shop", "a"), ("shop", "b")]);
    }
}
