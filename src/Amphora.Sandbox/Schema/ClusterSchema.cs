using System.Text.Json;

namespace Amphora.Sandbox.Schema;

/// <summary>
/// The cluster's schema, kept where the sandbox's nodes share it (<c>DIR/.sandbox/schema.json</c>), as gossip
/// would keep it in agreement on a real cluster. Amphora never reads this file: it learns the schema the way it
/// would from a real node.
/// </summary>
public sealed class ClusterSchema
{
    public List<KeyspaceSchema> Keyspaces { get; init; } = [];

    public Guid Version { get; set; } = Guid.NewGuid();

    public IEnumerable<TableSchema> AllTables => Keyspaces.SelectMany(k => k.Tables);

    public KeyspaceSchema? FindKeyspace(string name) => Keyspaces.FirstOrDefault(k => k.Name == name);

    public TableSchema? FindTable(string keyspace, string table) => FindKeyspace(keyspace)?.Tables.FirstOrDefault(t => t.Name == table);

    public TableSchema? FindTable(Guid id) => AllTables.FirstOrDefault(t => t.Id == id);

    public static ClusterSchema Load(string path) =>
        JsonSerializer.Deserialize<ClusterSchema>(File.ReadAllText(path), SandboxJson.Options)
        ?? throw new SandboxException($"Sandbox schema file {path} is empty.");

    public void Save(string path) => SandboxJson.WriteAtomically(path, this);
}
