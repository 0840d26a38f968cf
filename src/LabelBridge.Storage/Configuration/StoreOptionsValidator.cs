using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Storage.Configuration;

/// <summary>The <c>Store</c> section: the chosen provider has somewhere to keep its data (a rule across fields, so an
/// <see cref="IValidateOptions{TOptions}"/> rather than data annotations).</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        if (options.Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            problems.Add(new(nameof(StoreOptions.SqlitePath), "is required with Provider sqlite; default \".data/labelbridge.db\""));
        }

        if (options.Provider == StoreProvider.Postgres && !options.PostgresConnection.IsConfigured)
        {
            problems.Add(new(nameof(StoreOptions.PostgresConnection), "is required with Provider postgres: set Env or File holding the connection string"));
        }

        return ConfigRules.ToResult(problems);
    }
}
