namespace Amphora.Core.Restore;

/// <summary>How restored SSTables reach the node.</summary>
public enum RestoreMode
{
    /// <summary>Node stopped: current data moved aside into a rollback folder, restored files put in the table directories.</summary>
    InPlace,

    /// <summary>Node running: files staged on its disks and loaded with nodetool import (4.0+) or nodetool refresh (3.x).</summary>
    Import,

    /// <summary>Into another cluster: staged files streamed by the sstableloader command, table by table.</summary>
    SSTableLoader,
}
