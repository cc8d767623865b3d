namespace Amphora.Sandbox;

/// <summary>What one run of an emulated tool (nodetool, cqlsh, sstableloader) printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
