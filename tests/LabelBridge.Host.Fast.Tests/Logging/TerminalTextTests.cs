using LabelBridge.Host.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Host.Tests.Logging;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("Sandal\u001b]0;pwned\u0007", "Sandal\\x1B]0;pwned\\x07")]
    [InlineData("line\r\nforged: fail", "line\\x0D\\x0Aforged: fail")]
    [InlineData("\u009b2J", "\\x9B2J")]
    [InlineData("abc\u202Eexe.txt", "abc\\u202Eexe.txt")]
    public void Control_characters_become_visible_escapes(string raw, string shown) => Assert.Equal(shown, TerminalText.Escape(raw));

    [Theory]
    [InlineData("T-shirt/top")]
    [InlineData("Café crème 中文 🐈")]
    [InlineData("")]
    public void Printable_text_is_left_as_it_is(string text) => Assert.Same(text, TerminalText.Escape(text));

    [Fact]
    public void A_log_line_with_escape_bytes_in_its_message_stays_one_escaped_line()
    {
        var formatter = new EscapingConsoleFormatter();
        using var output = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Warning, "LabelBridge.Host.Web", new EventId(7), "refused /api/\u001b[2Jx\nfail: forged", null, (state, _) => state);

        formatter.Write(entry, null, output);

        var text = output.ToString();
        Assert.Equal("warn: LabelBridge.Host.Web[7] refused /api/\\x1B[2Jx\\x0Afail: forged" + Environment.NewLine, text);
    }
}
