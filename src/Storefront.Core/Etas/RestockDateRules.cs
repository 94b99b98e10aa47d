using Storefront.Core.Common;

namespace Storefront.Core.Etas;

/// <summary>
/// What a staff-set restock date and its note may be, wherever they are entered (the product
/// editor, the restock page, the inventory API): one rule, one set of limits.
/// </summary>
public static class RestockDateRules
{
    /// <summary>The note is kept in each customer's ETA history; the column holds 500 characters.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>
    /// Null when the date may be saved, else why not. A past restock date is a promise nobody can
    /// keep; one already stored (<paramref name="unchanged"/>) may stay while other fields change.
    /// </summary>
    public static string? DateError(DateOnly? date, DateOnly today, DateOnly? unchanged = null) =>
        date is { } d && d < today && d != unchanged
            ? $"The restock date {DateText.ForPeople(d)} is in the past. Enter today or a later date, or leave it empty."
            : null;

    /// <summary>Null when the note may be saved, else why not.</summary>
    public static string? NoteError(string? note) =>
        Normalise(note) is { Length: > MaxNoteLength } ? $"The restock note can be at most {MaxNoteLength} characters." : null;

    /// <summary>The note as stored: trimmed, or null when blank.</summary>
    public static string? Normalise(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}
