using System.Globalization;
using System.Net;

namespace Amphora.Core.Configuration;

/// <summary>The <c>listen:</c> setting of the agent's and the server's config: an IP address (IPv6 in brackets) or localhost, and a port.</summary>
public static class ListenAddress
{
    /// <param name="where">The config file, for messages ("agent config /etc/amphora/agent.yaml").</param>
    /// <param name="example">A valid value to show, e.g. 0.0.0.0:5090.</param>
    public static IPEndPoint Parse(string text, string where, string example)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.LastIndexOf(':');
        var host = separator > 0 ? text[..separator].Trim('[', ']') : string.Empty;
        if (separator <= 0 || !ushort.TryParse(text[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidDataException($"{where}: listen '{text}' is not ADDRESS:PORT; write e.g. {example} ([::]:PORT for IPv6, localhost:PORT for loopback).");
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new InvalidDataException($"{where}: listen '{text}' needs an IP address (127.0.0.1, 0.0.0.0, [::1]) or localhost.");
    }
}
