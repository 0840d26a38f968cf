namespace LabelBridge.Host.Configuration;

internal static class ConfigurationKeys
{
    /// <summary><c>Projects:2:Schedule</c> → <c>Projects[2].Schedule</c>.</summary>
    public static string ToDisplay(string path)
    {
        var parts = path.Split(':');
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                builder.Append('[').Append(part).Append(']');
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(part);
            }
        }

        return builder.ToString();
    }

    public static string Index(string collection, int index, string property) => $"{collection}[{index}].{property}";
}
