namespace Amphora.Storage;

/// <summary>
/// The locations of a backup, one per datacenter or one for all: <c>dc1:s3:bucket-eu,dc2:s3:bucket-us</c>. A node backs up
/// to its datacenter's location, or to the one without a datacenter.
/// </summary>
public sealed class LocationList
{
    private LocationList(IReadOnlyList<LocationSpec> locations) => Locations = locations;

    public IReadOnlyList<LocationSpec> Locations { get; }

    /// <summary>True when some location is meant for one datacenter only, so the node's datacenter must be known to pick one.</summary>
    public bool IsPerDatacenter => Locations.Any(location => location.Datacenter is not null);

    public static LocationList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var locations = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(LocationSpec.Parse).ToList();
        if (locations.Count == 0)
        {
            throw new ArgumentException("no location given: use --location file:/PATH, s3:BUCKET[/PREFIX], azure:CONTAINER[/PREFIX] or gcs:BUCKET[/PREFIX].");
        }

        var repeated = locations.GroupBy(location => location.Datacenter).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException(repeated.Key is null
                ? $"'{text}' names more than one location for all datacenters; give one, or prefix each with its datacenter (dc1:...)."
                : $"'{text}' names more than one location for datacenter {repeated.Key}.");
        }

        return new LocationList(locations);
    }

    /// <summary>The location for a node of the datacenter (null: the datacenter is not known).</summary>
    public LocationSpec For(string? datacenter)
    {
        var chosen = Locations.FirstOrDefault(location => datacenter is not null && string.Equals(location.Datacenter, datacenter, StringComparison.Ordinal))
            ?? Locations.FirstOrDefault(location => location.Datacenter is null);
        return chosen ?? throw new ArgumentException(
            $"no location for datacenter {datacenter ?? "(unknown)"}: the locations given are for {string.Join(", ", Locations.Select(location => location.Datacenter))}. Add {datacenter ?? "DC"}:KIND:NAME or one without a datacenter.");
    }
}
