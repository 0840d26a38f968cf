using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LabelBridge.Embeddings.Import.Tfjs;

/// <summary>Reads the value a browserify-wrapped JS module exports (<c>x.exports = {...}</c> or <c>x.exports = "..."</c>).</summary>
/// <remarks>
/// nsfwjs ships its models as minified JS instead of JSON: object keys unquoted, <c>!0</c>/<c>!1</c> for booleans, numbers like
/// <c>-.57</c>. This reader turns exactly that literal subset into JSON; it never evaluates code.
/// </remarks>
internal static class JsModuleValue
{
    private const string ModuleTableStart = "{1:[function(";
    private const string ExportAssignment = ".exports=";

    public static JsonDocument ReadObject(string script)
    {
        var start = FindExportedValue(script);
        var json = new StringBuilder(script.Length);
        var end = ConvertValue(script, start, json);
        if (end <= start)
        {
            throw new InvalidDataException("The module's exported value is empty.");
        }

        return JsonDocument.Parse(json.ToString());
    }

    public static string ReadString(string script)
    {
        var start = FindExportedValue(script);
        if (script[start] != '"')
        {
            throw new InvalidDataException("The module does not export a string.");
        }

        var end = script.IndexOf('"', start + 1);
        if (end < 0)
        {
            throw new InvalidDataException("The module's exported string is not terminated.");
        }

        return script[(start + 1)..end];
    }

    private static int FindExportedValue(string script)
    {
        var table = script.IndexOf(ModuleTableStart, StringComparison.Ordinal);
        var searchFrom = table < 0 ? 0 : table;
        var assignment = script.IndexOf(ExportAssignment, searchFrom, StringComparison.Ordinal);
        if (assignment < 0)
        {
            throw new InvalidDataException("No 'exports=' assignment found; this is not a tfjs model wrapper.");
        }

        return assignment + ExportAssignment.Length;
    }

    private static int ConvertValue(string s, int i, StringBuilder json)
    {
        switch (s[i])
        {
            case '{':
                return ConvertObject(s, i, json);
            case '[':
                return ConvertArray(s, i, json);
            case '"':
                return CopyString(s, i, json);
            case '!' when i + 1 < s.Length && s[i + 1] is '0' or '1':
                json.Append(s[i + 1] == '0' ? "true" : "false");
                return i + 2;
            default:
                return ConvertWord(s, i, json);
        }
    }

    private static int ConvertObject(string s, int i, StringBuilder json)
    {
        json.Append('{');
        i++;
        var first = true;
        while (s[i] != '}')
        {
            if (!first)
            {
                Expect(s, i, ',');
                json.Append(',');
                i++;
            }

            first = false;
            if (s[i] == '"')
            {
                i = CopyString(s, i, json);
            }
            else
            {
                var keyEnd = i;
                while (char.IsLetterOrDigit(s[keyEnd]) || s[keyEnd] is '_' or '$')
                {
                    keyEnd++;
                }

                json.Append('"').Append(s, i, keyEnd - i).Append('"');
                i = keyEnd;
            }

            Expect(s, i, ':');
            json.Append(':');
            i = ConvertValue(s, i + 1, json);
        }

        json.Append('}');
        return i + 1;
    }

    private static int ConvertArray(string s, int i, StringBuilder json)
    {
        json.Append('[');
        i++;
        var first = true;
        while (s[i] != ']')
        {
            if (!first)
            {
                Expect(s, i, ',');
                json.Append(',');
                i++;
            }

            first = false;
            i = ConvertValue(s, i, json);
        }

        json.Append(']');
        return i + 1;
    }

    private static int CopyString(string s, int i, StringBuilder json)
    {
        var end = i + 1;
        while (s[end] != '"')
        {
            end += s[end] == '\\' ? 2 : 1;
        }

        json.Append(s, i, end + 1 - i);
        return end + 1;
    }

    private static int ConvertWord(string s, int i, StringBuilder json)
    {
        var end = i;
        while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] is '.' or '-' or '+'))
        {
            end++;
        }

        var word = s[i..end];
        if (word is "true" or "false" or "null")
        {
            json.Append(word);
        }
        else if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            json.Append(number.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            throw new InvalidDataException($"Unexpected JS token '{word}' at offset {i}.");
        }

        return end;
    }

    private static void Expect(string s, int i, char expected)
    {
        if (s[i] != expected)
        {
            throw new InvalidDataException($"Expected '{expected}' at offset {i} but found '{s[i]}'.");
        }
    }
}
