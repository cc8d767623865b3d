namespace Amphora.Storage;

/// <summary>One step of a location check: what was tried, whether it worked, the problem (or "ok") and how long it took.</summary>
public sealed record LocationCheckStep(string Name, bool Ok, string Detail, TimeSpan Elapsed);
