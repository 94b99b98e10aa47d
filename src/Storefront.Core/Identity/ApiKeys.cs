using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Identity;

/// <summary>A newly created key: the only moment the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>Creates, revokes and checks inventory API keys.</summary>
public sealed class ApiKeys(StorefrontDbContext db, TimeProvider clock)
{
    public const string KeyStart = "sfk_";
    private const int PrefixLength = 12;

    public async Task<CreatedApiKey> CreateAsync(string name, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // 32 random bytes: guessing is hopeless, so a fast hash (not a password hash) is enough.
        var secret = KeyStart + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name.Trim(),
            Prefix = secret[..PrefixLength],
            Hash = HashOf(secret),
            CreatedBy = actor,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>Revokes a key; false if it does not exist or was already revoked.</summary>
    public async Task<bool> RevokeAsync(int id, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, actor), ct);
        return updated == 1;
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken ct = default) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(ct);

    /// <summary>The active key matching a presented secret, or null.</summary>
    public async Task<ApiKey?> FindActiveAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(KeyStart, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }
        var hash = HashOf(presented);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        // The lookup is by hash of the secret, so its timing says nothing about the secret; compare anyway.
        return key is not null && FixedTimeEquals(key.Hash, hash) ? key : null;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two secrets in time independent of where they differ (hashing first evens out lengths).</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
