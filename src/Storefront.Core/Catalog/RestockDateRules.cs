namespace Storefront.Core.Catalog;

/// <summary>
/// The one set of rules for a product's restock date and note, whichever way staff set them: the
/// product form, the Admin restock page or the inventory API. Errors name <see cref="DateField"/>
/// or <see cref="NoteField"/>; each caller maps those to its own input names. The date's window is
/// <see cref="DateWindow"/>'s.
/// </summary>
public static class RestockDateRules
{
    /// <summary>The most a note may hold; also the length of its column (CatalogConfiguration).</summary>
    public const int MaxNoteLength = 500;

    public const string DateField = nameof(ProductDraft.RestockDate);
    public const string NoteField = nameof(ProductDraft.RestockNote);

    /// <summary>The note as it is stored: trimmed, and null when blank.</summary>
    public static string? Normalize(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    /// <param name="date">The restock date asked for; null clears it.</param>
    /// <param name="note">The note asked for, as typed.</param>
    /// <param name="today">The store's today.</param>
    /// <param name="stored">
    /// The date the product has now, when an editor re-submits it: a date already stored may stay
    /// (it has gone by, but other fields can still be changed). Null when every past date is refused.
    /// </param>
    public static IReadOnlyList<ValidationError> Validate(DateOnly? date, string? note, DateOnly today, DateOnly? stored = null)
    {
        var errors = new List<ValidationError>();
        // A past restock date is a promise nobody can keep; one years away is a slip of the keyboard.
        if (date is { } d && DateWindow.CheckExpected(DateField, "The restock date", d, today, stored, mayBeEmpty: true) is { } invalid)
        {
            errors.Add(invalid);
        }
        if (Normalize(note) is { Length: > MaxNoteLength })
        {
            errors.Add(new(NoteField, ValidationCodes.TooLong, $"The restock note can be at most {MaxNoteLength} characters."));
        }
        return errors;
    }
}
