namespace Valora.Analytics.Clustering;

/// <summary>
/// A k-d tree over the points of a <see cref="FeatureMatrix"/> for fixed-radius and k-th-nearest neighbour queries (Bentley 1975).
/// Splits at the median of the widest dimension down to small leaves; every node keeps its bounding box, and a query
/// visits only nodes whose box comes within the radius. Memory O(n·d) (a reordered copy of the points) plus O(n/leaf)
/// nodes; queries are thread-safe.
/// </summary>
public sealed class KdTree
{
    const int LeafSize = 16;
    readonly int _d;
    readonly double[] _points; // reordered copy, row-major
    readonly int[] _index;     // _index[p] = original row of reordered point p
    readonly List<Node> _nodes = [];
    readonly List<double> _boxes = []; // per node: d minima then d maxima

    readonly record struct Node(int From, int To, int Left, int Right);

    /// <summary>Builds the tree (O(n log n)).</summary>
    public KdTree(FeatureMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        _d = points.Columns;
        var n = points.Rows;
        _index = Enumerable.Range(0, n).ToArray();
        var keys = new double[n];
        var source = points.Values;
        if (n > 0)
        {
            Build(source, keys, 0, n);
        }
        _points = new double[n * _d];
        for (var p = 0; p < n; p++)
        {
            Array.Copy(source, _index[p] * _d, _points, p * _d, _d);
        }
    }

    /// <summary>Number of points.</summary>
    public int Count => _index.Length;

    int Build(double[] source, double[] keys, int from, int to)
    {
        var id = _nodes.Count;
        _nodes.Add(default);
        var min = new double[_d];
        var max = new double[_d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (var p = from; p < to; p++)
        {
            var row = _index[p] * _d;
            for (var f = 0; f < _d; f++)
            {
                var v = source[row + f];
                min[f] = Math.Min(min[f], v);
                max[f] = Math.Max(max[f], v);
            }
        }
        _boxes.AddRange(min);
        _boxes.AddRange(max);
        if (to - from <= LeafSize)
        {
            _nodes[id] = new Node(from, to, -1, -1);
            return id;
        }
        var dim = 0;
        for (var f = 1; f < _d; f++)
        {
            if (max[f] - min[f] > max[dim] - min[dim])
            {
                dim = f;
            }
        }
        if (max[dim] == min[dim])
        {
            _nodes[id] = new Node(from, to, -1, -1); // all points identical: one leaf
            return id;
        }
        for (var p = from; p < to; p++)
        {
            keys[p] = source[_index[p] * _d + dim];
        }
        var mid = (from + to) >>> 1;
        Array.Sort(keys, _index, from, to - from);
        var left = Build(source, keys, from, mid);
        var right = Build(source, keys, mid, to);
        _nodes[id] = new Node(from, to, left, right);
        return id;
    }

    /// <summary>Number of points within Euclidean distance <paramref name="radius"/> of <paramref name="query"/>
    /// (distance ≤ radius, the point itself included when it is in the tree).</summary>
    public int CountWithin(ReadOnlySpan<double> query, double radius)
    {
        return Visit(query, radius, null);
    }

    /// <summary>Original row numbers of the points within <paramref name="radius"/> (≤), appended to <paramref name="into"/>.</summary>
    public void Within(ReadOnlySpan<double> query, double radius, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        Visit(query, radius, into);
    }

    /// <summary>Euclidean distance from <paramref name="query"/> to its <paramref name="k"/>-th nearest point in the
    /// tree, counting the query itself when it is one of the points (k = 1 is then 0). Branch and bound: nodes are
    /// visited nearer child first and skipped once their box is farther than the k-th best distance so far.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is below 1 or above <see cref="Count"/>.</exception>
    public double KthNearestDistance(ReadOnlySpan<double> query, int k)
    {
        if (query.Length != _d)
        {
            throw new ArgumentException($"The query has {query.Length} features; the tree has {_d}.", nameof(query));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, _index.Length);
        Span<double> heap = k <= 128 ? stackalloc double[k] : new double[k]; // max-heap of the k best squared distances
        var size = 0;
        Span<int> stack = stackalloc int[128];
        var top = 0;
        stack[top++] = 0;
        var nodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_nodes);
        while (top > 0)
        {
            var id = stack[--top];
            if (size == k && Gap(query, id) > heap[0])
            {
                continue;
            }
            var node = nodes[id];
            if (node.Left < 0)
            {
                for (var p = node.From; p < node.To; p++)
                {
                    var s = KMeans.SquaredDistance(query, _points.AsSpan(p * _d, _d));
                    if (size < k)
                    {
                        heap[size++] = s;
                        SiftUp(heap, size - 1);
                    }
                    else if (s < heap[0])
                    {
                        heap[0] = s;
                        SiftDown(heap, size);
                    }
                }
                continue;
            }
            var nearLeft = Gap(query, node.Left) <= Gap(query, node.Right);
            stack[top++] = nearLeft ? node.Right : node.Left;
            stack[top++] = nearLeft ? node.Left : node.Right;
        }
        return Math.Sqrt(heap[0]);
    }

    /// <summary>Per node: the component all its points share (or −1) and the smallest core distance in it, for
    /// <see cref="NearestOtherComponent"/>. Children have larger ids than their parent, so one backward pass does it.</summary>
    internal void Summarise(int[] component, double[] core, int[] nodeComponent, double[] nodeMinCore)
    {
        for (var id = _nodes.Count - 1; id >= 0; id--)
        {
            var node = _nodes[id];
            if (node.Left < 0)
            {
                var c = component[_index[node.From]];
                var m = double.PositiveInfinity;
                for (var p = node.From; p < node.To; p++)
                {
                    var row = _index[p];
                    c = component[row] == c ? c : -1;
                    m = Math.Min(m, core[row]);
                }
                nodeComponent[id] = c;
                nodeMinCore[id] = m;
                continue;
            }
            nodeComponent[id] = nodeComponent[node.Left] == nodeComponent[node.Right] ? nodeComponent[node.Left] : -1;
            nodeMinCore[id] = Math.Min(nodeMinCore[node.Left], nodeMinCore[node.Right]);
        }
    }

    /// <summary>Number of nodes (for the arrays of <see cref="Summarise"/>).</summary>
    internal int NodeCount => _nodes.Count;

    /// <summary>The point of another component nearest to row <paramref name="row"/> in mutual reachability distance
    /// max(core(row), core(p), ‖row − p‖); ties go to the smaller row. Returns (−1, ∞) when every point shares its component.</summary>
    internal (int Row, double Distance) NearestOtherComponent(int row, ReadOnlySpan<double> query, double[] core, int[] component,
        int[] nodeComponent, double[] nodeMinCore)
    {
        var own = component[row];
        var coreQ = core[row];
        var best = double.PositiveInfinity;
        var bestRow = -1;
        Span<int> stack = stackalloc int[128];
        var top = 0;
        stack[top++] = 0;
        var nodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_nodes);
        while (top > 0)
        {
            var id = stack[--top];
            if (nodeComponent[id] == own)
            {
                continue;
            }
            var bound = Math.Max(Math.Max(coreQ, nodeMinCore[id]), Math.Sqrt(Gap(query, id)));
            if (bound > best)
            {
                continue;
            }
            var node = nodes[id];
            if (node.Left < 0)
            {
                for (var p = node.From; p < node.To; p++)
                {
                    var other = _index[p];
                    if (component[other] == own)
                    {
                        continue;
                    }
                    var d = Math.Max(Math.Max(coreQ, core[other]), Math.Sqrt(KMeans.SquaredDistance(query, _points.AsSpan(p * _d, _d))));
                    if (d < best || (d == best && other < bestRow))
                    {
                        best = d;
                        bestRow = other;
                    }
                }
                continue;
            }
            var nearLeft = Gap(query, node.Left) <= Gap(query, node.Right);
            stack[top++] = nearLeft ? node.Right : node.Left;
            stack[top++] = nearLeft ? node.Left : node.Right;
        }
        return (bestRow, best);
    }

    double Gap(ReadOnlySpan<double> query, int id)
    {
        var box = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_boxes).Slice(id * 2 * _d, 2 * _d);
        double gap = 0;
        for (var f = 0; f < _d; f++)
        {
            var q = query[f];
            var g = q < box[f] ? box[f] - q : q > box[_d + f] ? q - box[_d + f] : 0;
            gap += g * g;
        }
        return gap;
    }

    static void SiftUp(Span<double> heap, int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (heap[parent] >= heap[i])
            {
                return;
            }
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    static void SiftDown(Span<double> heap, int size)
    {
        var i = 0;
        while (true)
        {
            var largest = i;
            var l = 2 * i + 1;
            var r = l + 1;
            if (l < size && heap[l] > heap[largest])
            {
                largest = l;
            }
            if (r < size && heap[r] > heap[largest])
            {
                largest = r;
            }
            if (largest == i)
            {
                return;
            }
            (heap[largest], heap[i]) = (heap[i], heap[largest]);
            i = largest;
        }
    }

    int Visit(ReadOnlySpan<double> query, double radius, List<int>? into)
    {
        if (query.Length != _d)
        {
            throw new ArgumentException($"The query has {query.Length} features; the tree has {_d}.", nameof(query));
        }
        var count = 0;
        if (_index.Length == 0)
        {
            return 0;
        }
        var r2 = radius * radius;
        Span<int> stack = stackalloc int[128];
        var top = 0;
        stack[top++] = 0;
        var boxes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_boxes);
        var nodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_nodes);
        while (top > 0)
        {
            var id = stack[--top];
            var box = boxes.Slice(id * 2 * _d, 2 * _d);
            double gap = 0;
            for (var f = 0; f < _d; f++)
            {
                var q = query[f];
                var g = q < box[f] ? box[f] - q : q > box[_d + f] ? q - box[_d + f] : 0;
                gap += g * g;
            }
            if (gap > r2)
            {
                continue;
            }
            var node = nodes[id];
            if (node.Left < 0)
            {
                for (var p = node.From; p < node.To; p++)
                {
                    var s = KMeans.SquaredDistance(query, _points.AsSpan(p * _d, _d));
                    if (s <= r2)
                    {
                        count++;
                        into?.Add(_index[p]);
                    }
                }
                continue;
            }
            stack[top++] = node.Right;
            stack[top++] = node.Left;
        }
        return count;
    }
}
