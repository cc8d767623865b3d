using Amphora.Core.Restore;
using Amphora.Sandbox.Schema;
using Amphora.Tests.Support;

namespace Amphora.Tests.Restore;

/// <summary>The parts of a restore plan read from the node's disks: the live table directory and free space.</summary>
public sealed class RestorePlanningTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_live_table_directory_is_the_one_with_the_newest_time_based_id()
    {
        var older = TimeUuid.New();
        Thread.Sleep(5);
        var newer = TimeUuid.New();
        var data = new[] { Path.Combine(_directory.Path, "data1"), Path.Combine(_directory.Path, "data2") };
        Directory.CreateDirectory(Path.Combine(data[0], "shop", $"orders-{newer:N}"));
        Directory.CreateDirectory(Path.Combine(data[1], "shop", $"orders-{older:N}"));
        Directory.CreateDirectory(Path.Combine(data[0], "shop", $"orders_archive-{TimeUuid.New():N}"));

        var (name, note) = TableDirectoryResolver.Resolve(data, "shop", "orders", older.ToString("N"));

        Assert.Equal($"orders-{newer:N}", name);
        Assert.Contains("dropped and re-created", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_table_directory_is_created_with_the_backup_id_and_the_plan_says_so()
    {
        var (name, note) = TableDirectoryResolver.Resolve([_directory.Path], "shop", "orders", "0123456789abcdef0123456789abcdef");
        Assert.Equal("orders-0123456789abcdef0123456789abcdef", name);
        Assert.Contains("created with the backup's table id", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Directories_that_are_not_time_based_and_ambiguous_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "shop", $"orders-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(Path.Combine(_directory.Path, "shop", $"orders-{Guid.NewGuid():N}"));
        var error = Assert.Throws<ArgumentException>(() => TableDirectoryResolver.Resolve([_directory.Path], "shop", "orders", null));
        Assert.Contains("cannot be told apart", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_space_is_counted_once_per_filesystem_for_all_its_directories()
    {
        var one = Path.Combine(_directory.Path, "one", "not-yet");
        var two = Path.Combine(_directory.Path, "two");
        Directory.CreateDirectory(two);

        var space = Assert.Single(FileSystemSpace.Measure([(one, 100), (two, 23)]));
        Assert.Equal(123, space.Needed);
        Assert.True(space.IsEnough);
        Assert.Equal(new DriveInfo(_directory.Path).AvailableFreeSpace, space.Available, tolerance: 64L << 20);

        var tooMuch = Assert.Single(FileSystemSpace.Measure([(two, long.MaxValue / 2)]));
        Assert.False(tooMuch.IsEnough);
    }
}
