using System.Runtime.CompilerServices;

// Error wording is tested directly: the emulator cannot produce missing buckets or refused credentials.
[assembly: InternalsVisibleTo("Amphora.Tests")]
