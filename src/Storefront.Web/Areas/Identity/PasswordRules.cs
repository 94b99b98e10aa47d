using Microsoft.AspNetCore.Identity;

namespace Storefront.Web.Areas.Identity;

/// <summary>
/// The password rules, in words, read from the IdentityOptions the server enforces (set in
/// IdentityExtensions): the form shows exactly what the check will ask, and changing a rule changes both.
/// </summary>
public static class PasswordRules
{
    public static string Describe(PasswordOptions rules)
    {
        var needs = new List<string>();
        if (rules.RequireUppercase)
        {
            needs.Add("a capital letter");
        }
        if (rules.RequireLowercase)
        {
            needs.Add("a small letter");
        }
        if (rules.RequireDigit)
        {
            needs.Add("a digit");
        }
        if (rules.RequireNonAlphanumeric)
        {
            needs.Add("a symbol such as ! or #");
        }
        var sentence = $"At least {rules.RequiredLength} characters";
        if (needs.Count > 0)
        {
            sentence += ", with " + (needs.Count == 1 ? needs[0] : string.Join(", ", needs[..^1]) + " and " + needs[^1]);
        }
        if (rules.RequiredUniqueChars > 1)
        {
            sentence += $", using {rules.RequiredUniqueChars} different characters or more";
        }
        return sentence + ".";
    }
}
