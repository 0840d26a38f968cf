using System.Globalization;
using LabelBridge.Analysis.Scoring;

namespace LabelBridge.Bench.Analysis;

/// <summary>Reliability of a calibrated mislabel score against known wrong labels: rows and share wrong per score
/// bucket, the expected calibration error, and (with <c>BENCH_CALIB_DUMP=&lt;dir&gt;</c>) the trial's samples and
/// the production scores as float32 files for offline study.</summary>
internal static class CalibrationReport
{
    private static readonly double[] Buckets = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001];

    /// <summary>"0.0-0.1: rows/share; …", the share of rows scored at least 0.5 that are wrong, and the expected
    /// calibration error (bucket-weighted |mean score − share wrong| over the six buckets).</summary>
    public static string Line(float[] calibrated, bool[] wrong)
    {
        var parts = new List<string>();
        double ece = 0;
        int high = 0, highWrong = 0;
        for (var b = 0; b + 1 < Buckets.Length; b++)
        {
            int count = 0, hits = 0;
            double sum = 0;
            for (var i = 0; i < calibrated.Length; i++)
            {
                if (calibrated[i] >= Buckets[b] && calibrated[i] < Buckets[b + 1])
                {
                    count++;
                    hits += wrong[i] ? 1 : 0;
                    sum += calibrated[i];
                }
            }

            if (count > 0)
            {
                ece += Math.Abs((sum / count) - ((double)hits / count)) * count / calibrated.Length;
            }

            if (Buckets[b] >= 0.5)
            {
                high += count;
                highWrong += hits;
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Buckets[b]:0.0}-{Math.Min(1, Buckets[b + 1]):0.0}: {count}/{(count > 0 ? (double)hits / count : double.NaN):0.00}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{string.Join("; ", parts)}; >=0.5: {high}/{(high > 0 ? (double)highWrong / high : double.NaN):0.00}; ECE {ece:0.000}");
    }

    public static void Dump(string name, MislabelEvidence evidence, bool[] wrong, int[] given)
    {
        var directory = Environment.GetEnvironmentVariable("BENCH_CALIB_DUMP");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, string.Concat(name.Split(Path.GetInvalidFileNameChars().Append(' ').Append('%').ToArray())));
        Write(stem + ".flips.f32", evidence.TrialFlipScores);
        Write(stem + ".others.f32", evidence.TrialOtherScores);
        Write(stem + ".raw.f32", evidence.Raw);
        Write(stem + ".cal.f32", evidence.Calibrated);
        Write(stem + ".prob.f32", evidence.Probabilities);
        Write(stem + ".given.f32", [.. given.Select(g => (float)g)]);
        Write(stem + ".joint.f32", [.. evidence.Joint.Counts.Select(c => (float)c)]);
        File.WriteAllBytes(stem + ".wrong.u8", [.. wrong.Select(w => w ? (byte)1 : (byte)0)]);
    }

    private static void Write(string path, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }
}
