using System.Security.Cryptography;
using System.Text;

namespace Agent.Activities.Learning;

/// <summary>Hex SHA-256 of text, for prompt digests and solution identity.</summary>
internal static class Digest
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
