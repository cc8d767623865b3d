namespace Amphora.Api.Agent;

public sealed record TableProgress(string Keyspace, string Table, TransferCounters Counters);
