using System.Globalization;
using System.Xml.Linq;

namespace Amphora.Storage.Azure;

/// <summary>One page of a List Blobs answer: the blobs (keyed by their full names), sizes and times, and the marker of the next page if any.</summary>
internal sealed record ListBlobsPage(IReadOnlyList<ObjectInfo> Blobs, string? NextMarker)
{
    public static ListBlobsPage Parse(XDocument document)
    {
        var root = document.Root ?? throw new FormatException("the List Blobs answer is empty.");
        var blobs = root.Element("Blobs")?.Elements("Blob").Select(blob =>
        {
            var properties = blob.Element("Properties");
            return new ObjectInfo(
                Required(blob, "Name"),
                long.Parse(Required(properties, "Content-Length"), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(Required(properties, "Last-Modified"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }).ToList() ?? [];
        var marker = root.Element("NextMarker")?.Value;
        return new ListBlobsPage(blobs, string.IsNullOrEmpty(marker) ? null : marker);
    }

    private static string Required(XElement? parent, string name) =>
        parent?.Element(name)?.Value ?? throw new FormatException($"a blob in the List Blobs answer has no {name}.");
}
