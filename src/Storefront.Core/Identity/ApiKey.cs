namespace Storefront.Core.Identity;

/// <summary>
/// A bearer key for the inventory API (ERP and warehouse systems). Only a SHA-256 hash of the key is
/// stored; the key itself is shown once, when it is created. A revoked key stays listed for the record.
/// </summary>
public class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, enough for staff to tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAt is null;
}
