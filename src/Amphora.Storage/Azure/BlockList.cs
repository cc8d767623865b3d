using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Amphora.Storage.Azure;

/// <summary>The XML of Get Block List answers and Put Block List requests.</summary>
internal static class BlockList
{
    /// <summary>The uncommitted blocks of a Get Block List answer: block id to size.</summary>
    public static Dictionary<string, long> ParseUncommitted(XDocument document)
    {
        var blocks = document.Root?.Element("UncommittedBlocks")?.Elements("Block") ?? [];
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var name = block.Element("Name")?.Value;
            var size = block.Element("Size")?.Value;
            if (name is not null && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                sizes[name] = bytes;
            }
        }

        return sizes;
    }

    /// <summary>The body that commits the blocks, in order, as the blob's content.</summary>
    public static byte[] CommitBody(IEnumerable<string> blockIds)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id))));
        return Encoding.UTF8.GetBytes(document.Declaration + document.ToString(SaveOptions.DisableFormatting));
    }
}
