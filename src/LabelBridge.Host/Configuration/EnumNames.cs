namespace LabelBridge.Host.Configuration;

/// <summary>Enum values as admins write them: <c>label-studio</c>, <c>markers+relabel</c>, <c>dry-run</c>.</summary>
internal static class EnumNames
{
    public static bool TryParse(Type enumType, string text, out object? value)
    {
        var wanted = Normalise(text);
        foreach (var name in Enum.GetNames(enumType))
        {
            if (Normalise(name) == wanted)
            {
                value = Enum.Parse(enumType, name);
                return true;
            }
        }

        value = null;
        return false;
    }

    public static string Display(Type enumType) =>
        string.Join(", ", Enum.GetNames(enumType).Select(ToKebab));

    public static string ToKebab(string name)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString().Replace("-and-", "+", StringComparison.Ordinal);
    }

    private static string Normalise(string text) =>
        text.Replace("-", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal)
            .Replace("+", "and", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal)
            .ToUpperInvariant();
}
