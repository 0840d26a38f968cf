namespace LabelBridge.Core.Configuration;

/// <summary>Whether a value written where a name belongs (an environment variable's name) looks like a credential, so
/// messages can leave it out.</summary>
/// <remarks>CVAT's and Label Studio's legacy tokens are 40 hex characters (Django REST framework's authtoken), which
/// pass as an environment variable name when they start with a letter: "environment variable 3f9a... is not set" would
/// print the token a user pasted into <c>Env</c>. Variable names are words joined by '_'; tokens are long runs of
/// letters mixed with digits.</remarks>
public static class SecretShapes
{
    private const int MinimumTokenLength = 16;

    public static bool LooksLikeToken(string? value)
    {
        if (value is null || value.Length < MinimumTokenLength || value.Contains('_', StringComparison.Ordinal))
        {
            return false;
        }

        var letters = false;
        var digits = false;
        foreach (var c in value)
        {
            letters |= char.IsAsciiLetter(c);
            digits |= char.IsAsciiDigit(c);
        }

        return letters && digits;
    }
}
