using System.Text;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary>Routes System.CommandLine's help and error text to the same console the verbs write to.</summary>
internal sealed class SpectreTextWriter(IAnsiConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.Write(value.ToString());

    public override void Write(string? value)
    {
        if (value is not null)
        {
            console.Write(new Text(value));
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        console.WriteLine();
    }
}
