namespace Storefront.Core.Catalog;

/// <summary>
/// One problem with what staff entered. <see cref="Field"/> names the <see cref="ProductDraft"/> property
/// it belongs to ("" for the whole form) and <see cref="Code"/> says what is wrong (one of
/// <see cref="ValidationCodes"/>), so callers place and branch on errors by those two and only show
/// <see cref="Message"/> to people; wording can change without moving an error to another input.
/// </summary>
public readonly record struct ValidationError(string Field, string Code, string Message)
{
    /// <summary>An error about the form as a whole rather than one of its fields.</summary>
    public static ValidationError ForForm(string code, string message) => new("", code, message);
}

/// <summary>What is wrong with a value, in words that stay the same when the messages are reworded.</summary>
public static class ValidationCodes
{
    public const string Required = "required";
    public const string TooLong = "too-long";
    public const string Format = "format";
    public const string OutOfRange = "out-of-range";
    public const string TooManyDecimals = "too-many-decimals";
    public const string NotFound = "not-found";
    public const string Taken = "taken";
    public const string InPast = "in-past";
    public const string Conflict = "conflict";
    public const string NotSaved = "not-saved";
}
