using System.Net;
using Amphora.Storage.Azure;

namespace Amphora.Tests.Storage;

/// <summary>Which Blob service answers are worth retrying, and what the messages tell the operator.</summary>
public sealed class AzureErrorsTests
{
    private readonly AzureErrors _errors = new(
        "azure:backups/prod",
        AzureAccount.From(new AzureSettings { AccountName = "prodbackups", SasToken = "sv=2024-11-04&sig=c2VjcmV0" }),
        "backups");

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServerBusy", true)]
    [InlineData(HttpStatusCode.InternalServerError, "OperationTimedOut", true)]
    [InlineData(HttpStatusCode.InternalServerError, null, true)]
    [InlineData(HttpStatusCode.RequestTimeout, null, true)]
    [InlineData(HttpStatusCode.TooManyRequests, null, true)]
    [InlineData(HttpStatusCode.BadRequest, "Md5Mismatch", true)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidHeaderValue", false)]
    [InlineData(HttpStatusCode.Forbidden, "AuthenticationFailed", false)]
    [InlineData(HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch", false)]
    [InlineData(HttpStatusCode.NotFound, "ContainerNotFound", false)]
    [InlineData(HttpStatusCode.Conflict, "BlobArchived", false)]
    public void Only_busy_failed_or_corrupted_exchanges_are_transient(HttpStatusCode status, string? code, bool transient)
    {
        var failure = _errors.FromResponse(status, code, BlobOperation.Write, "content/ab/cd");

        Assert.Equal(transient, failure.IsTransient);
        Assert.StartsWith("azure:backups/prod: could not write content/ab/cd: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {(int)status}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_permission_mismatch_names_the_operation_and_the_sas_letter_it_needs()
    {
        var failure = _errors.FromResponse(HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch", BlobOperation.Delete, "content/ab/cd");

        Assert.Equal(
            "azure:backups/prod: could not delete content/ab/cd: access denied: the credentials may not delete here; they need the delete permission " +
            "(d in a SAS, or a Storage Blob Data role): check the SAS token (AZURE_STORAGE_SAS_TOKEN): its permissions, expiry and signature " +
            "(HTTP 403 AuthorizationPermissionMismatch).",
            failure.Message);
    }

    [Fact]
    public void A_missing_container_names_the_container_and_the_account()
    {
        var failure = _errors.FromResponse(HttpStatusCode.NotFound, "ContainerNotFound", BlobOperation.List, key: null);

        Assert.Equal(
            "azure:backups/prod: could not list objects: container backups does not exist in account prodbackups: create it or fix --location (HTTP 404 ContainerNotFound).",
            failure.Message);
    }
}
