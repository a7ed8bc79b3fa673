using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>Cluster labels checked and renumbered 0..k−1 in order of first appearance; −1 (noise) is kept as −1.</summary>
internal sealed class LabelSet
{
    LabelSet(int[] compact, int clusters, int[] sizes, int used)
    {
        Compact = compact;
        Clusters = clusters;
        Sizes = sizes;
        Used = used;
    }

    /// <summary>Per point, its cluster 0..k−1 or −1 for noise.</summary>
    public int[] Compact { get; }

    public int Clusters { get; }

    public int[] Sizes { get; }

    /// <summary>Points that are not noise.</summary>
    public int Used { get; }

    public static LabelSet From(IReadOnlyList<int> labels, int rows, int minClusters)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != rows)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"There are {labels.Count} labels for {rows} points."), nameof(labels));
        }
        var map = new Dictionary<int, int>();
        var compact = new int[rows];
        var sizes = new List<int>();
        var used = 0;
        for (var i = 0; i < rows; i++)
        {
            var label = labels[i];
            if (label < -1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Label of point {i + 1} is {label}; labels are ≥ 0, or −1 for noise."), nameof(labels));
            }
            if (label == -1)
            {
                compact[i] = -1;
                continue;
            }
            if (!map.TryGetValue(label, out var c))
            {
                c = map.Count;
                map[label] = c;
                sizes.Add(0);
            }
            compact[i] = c;
            sizes[c]++;
            used++;
        }
        if (map.Count < minClusters || (minClusters >= 2 && map.Count > used - 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The scores need between {minClusters} and n − 1 = {used - 1} clusters among the {used} points that are not noise, but there are {map.Count}."),
                nameof(labels));
        }
        return new LabelSet(compact, map.Count, [.. sizes], used);
    }
}
