using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>Serves the configuration the loader already bound (it checked the file's shape and named every bad key
/// first) through the options pipeline, so the registered validators run on it as they would on a fresh binding.</summary>
/// <remarks><c>Options.Create</c> would hand the same object out with no validator ever running on it.</remarks>
internal sealed class LoadedOptionsFactory(
    LabelBridgeOptions loaded,
    IEnumerable<IConfigureOptions<LabelBridgeOptions>> setups,
    IEnumerable<IPostConfigureOptions<LabelBridgeOptions>> postConfigures,
    IEnumerable<IValidateOptions<LabelBridgeOptions>> validations)
    : OptionsFactory<LabelBridgeOptions>(setups, postConfigures, validations)
{
    protected override LabelBridgeOptions CreateInstance(string name) => loaded;
}
