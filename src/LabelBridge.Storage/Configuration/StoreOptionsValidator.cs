using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Storage.Configuration;

/// <summary>The <c>Store</c> section: the chosen provider has somewhere to keep its data.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options.Store));

    private static List<ConfigProblem> Problems(StoreOptions store)
    {
        var problems = new List<ConfigProblem>();
        if (store.Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(store.SqlitePath))
        {
            problems.Add(new("Store.SqlitePath", "is required with Provider sqlite; default \".data/labelbridge.db\""));
        }

        if (store.Provider == StoreProvider.Postgres && !store.PostgresConnection.IsConfigured)
        {
            problems.Add(new("Store.PostgresConnection", "is required with Provider postgres: set Env or File holding the connection string"));
        }

        return problems;
    }
}
