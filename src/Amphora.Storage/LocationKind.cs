namespace Amphora.Storage;

/// <summary>The kinds of backup location, by the scheme an operator writes before the first ':'.</summary>
public enum LocationKind
{
    File,
    S3,
    Azure,
    Gcs,
}
