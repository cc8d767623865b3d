using System.CommandLine;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Core.Restore;
using Amphora.Core.Restore.Schema;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora restore schema</c>: the CQL that recreates a backup's tables (from their schema.cql), printed, written to a
/// file, or applied with cqlsh. Registered under <c>amphora restore</c> by the restore command.
/// </summary>
public static class RestoreSchemaCommand
{
    public static Command Create()
    {
        var tag = new Argument<string?>("TAG") { Description = "The backup whose schema to restore (see 'amphora backups list').", Arity = ArgumentArity.ZeroOrOne };
        var latest = new Option<bool>("--latest") { Description = "Use the newest complete backup." };
        var location = CommonOptions.Location();
        var cluster = CommonOptions.SourceCluster();
        var node = new Option<Guid?>("--node") { Description = "Take the schema from this node's part (host ID); default: the first node that has the tables (schema is the same on every node)." };
        var tables = new Option<string?>("--keyspaces", "-K")
        {
            Description = "Tables: comma-separated ks.table, ks.* or ks, e.g. -K 'shop.orders,shop2.*'. Default: every table but the system keyspaces'.",
        };
        var rename = new Option<string[]>("--rename")
        {
            Description = "Recreate a table under another name: --rename ks.t=ks2.t2 (repeatable). The new table gets a new id; its indexes are named <newtable>_<index>.",
            AllowMultipleArgumentsPerToken = false,
        };
        var outputFile = new Option<string?>("--output-file") { Description = "Write the script to this file instead of printing it." };
        var apply = new Option<bool>("--apply") { Description = "Run the script with --cql-command (the keyspaces must exist)." };
        var cqlCommand = new Option<string>("--cql-command")
        {
            Description = "The command that applies a CQL file, run without a shell; {file} is replaced by the file's path (appended when absent), " +
                "e.g. \"cqlsh -u admin --ssl 10.0.0.5 -f {file}\".",
            DefaultValueFactory = _ => SchemaCommandRunner.DefaultTemplate,
        };
        var command = new Command("schema",
            "Print the CQL that recreates a backup's tables (CREATE TYPE/TABLE/INDEX/MATERIALIZED VIEW, each IF NOT EXISTS), " +
            "checked against an allow-list because the backup is untrusted. Keyspaces are not created: the backup does not know their replication.")
        {
            tag, latest, location, cluster, node, tables, rename, outputFile, apply, cqlCommand,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var (tagValue, useLatest) = (parse.GetValue(tag), parse.GetValue(latest));
            if ((tagValue is null) == !useLatest)
            {
                throw new ArgumentException("name the backup: give a TAG or --latest (not both).");
            }

            // Everything the operator typed is checked before the location is touched.
            var selection = RestoreTableSelection.Parse(parse.GetValue(tables));
            var renames = RenameMap.Parse(parse.GetValue(rename));
            var runner = parse.GetValue(apply) ? new SchemaCommandRunner(parse.GetValue(cqlCommand)) : null;

            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var catalog = new BackupCatalog(repository);
            var backup = useLatest
                ? await catalog.LatestCompleteAsync(parse.GetValue(cluster), cancellationToken).ConfigureAwait(false)
                : await catalog.FindAsync(tagValue!, parse.GetValue(cluster), cancellationToken).ConfigureAwait(false);
            var hostId = parse.GetValue(node);
            var manifests = await catalog.ManifestsAsync(backup, hostId, cancellationToken).ConfigureAwait(false);
            var (manifest, selected) = Choose(backup, manifests, hostId, selection);
            var script = RestoreSchemaScript.Build(manifest, selected, renames);

            var file = parse.GetValue(outputFile);
            if (file is not null)
            {
                await File.WriteAllTextAsync(file, script.Text, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"Wrote the schema of {selected.Count} table(s) from backup {backup.Tag} (node {manifest.Node.HostId}) to {file}.").ConfigureAwait(false);
            }
            else
            {
                Console.Write(script.Text);
            }

            foreach (var table in script.TablesWithoutSchema)
            {
                await Console.Error.WriteLineAsync($"warning: the backup holds no schema for {table} (nodes before Cassandra 3.0.9 do not record it); create it by hand.").ConfigureAwait(false);
            }

            if (runner is not null)
            {
                await ApplyAsync(runner, script, file, cancellationToken).ConfigureAwait(false);
            }
        }));
        return command;
    }

    /// <summary>
    /// The node part to read the schema from and its selected tables: the named node, or else the first (by host id)
    /// whose tables the selection matches, since every node holds the same schema.
    /// </summary>
    private static (NodeManifest Manifest, IReadOnlyList<TableEntry> Tables) Choose(
        BackupSummary backup, IReadOnlyList<NodeManifest> manifests, Guid? hostId, RestoreTableSelection selection)
    {
        if (manifests.Count == 0)
        {
            throw new ArgumentException(hostId is { } id
                ? $"backup {backup.Tag} has no manifest for node {id}; its nodes: {string.Join(", ", backup.Nodes.Select(n => n.HostId))}."
                : $"backup {backup.Tag} has no node manifest yet (is it still running or incomplete? see 'amphora backups list').");
        }

        ArgumentException? first = null;
        foreach (var manifest in manifests)
        {
            try
            {
                var selected = selection.Select(manifest.Tables, t => (t.Keyspace, t.Table), $"backup {backup.Tag} (node {manifest.Node.HostId})");
                if (selected.Count > 0)
                {
                    return (manifest, selected);
                }

                first ??= new ArgumentException(
                    $"backup {backup.Tag} (node {manifest.Node.HostId}) holds no table {(selection.IsAll ? "outside the system keyspaces" : $"for -K {selection}")}; " +
                    "name system tables with -K to take them.");
            }
            catch (ArgumentException e)
            {
                first ??= e;
            }
        }

        throw first!;
    }

    private static async Task ApplyAsync(SchemaCommandRunner runner, RestoreSchemaScript script, string? file, CancellationToken cancellationToken)
    {
        // Without --output-file the script goes to a private temp directory (mode 0700), removed afterwards.
        var temporary = file is null ? Directory.CreateTempSubdirectory("amphora-schema-") : null;
        var path = file ?? Path.Combine(temporary!.FullName, "schema.cql");
        try
        {
            if (temporary is not null)
            {
                await File.WriteAllTextAsync(path, script.Text, cancellationToken).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync(
                $"Applying {script.Statements.Count} statement(s) with '{runner.Describe(path)}' (keyspaces that must exist: {string.Join(", ", script.Keyspaces)})...").ConfigureAwait(false);
            var result = await runner.RunAsync(path, cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteAsync(result.Output).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"Applied the schema: {script.Statements.Count} statement(s).").ConfigureAwait(false);
        }
        finally
        {
            temporary?.Delete(recursive: true);
        }
    }
}
