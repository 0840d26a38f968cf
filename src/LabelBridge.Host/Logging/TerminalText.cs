using System.Globalization;
using System.Text;

namespace LabelBridge.Host.Logging;

/// <summary>Makes text from platforms and web clients safe for a terminal or a log line.</summary>
/// <remarks>Label, frame and path names are chosen by whoever controls a platform or sends a request. Raw, their control
/// characters could set the terminal's title, clear the screen, hide text or forge log lines; escaped, they read as
/// <c>\x1B</c> and the line stays one line.</remarks>
internal static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c))
            {
                escaped.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>C0 and C1 controls (ESC, CSI, BEL, CR, LF...), DEL, and the bidirectional overrides that reorder what is shown.</summary>
    private static bool IsUnsafe(char c) =>
        c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
