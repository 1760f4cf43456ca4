namespace IntegrationHub.DemoData;

/// <summary>
/// CPython's <c>random.Random</c> (3.x): MT19937 seeded by <c>init_by_array</c>, and the methods the generator uses,
/// each consuming the generator exactly as CPython does, so a seeded C# run draws the same numbers as the script.
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _mti = N + 1;

    public PythonRandom(uint seed)
    {
        InitByArray([seed]);
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (_mti = 1; _mti < N; _mti++)
        {
            _mt[_mti] = 1812433253u * (_mt[_mti - 1] ^ (_mt[_mti - 1] >> 30)) + (uint)_mti;
        }
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }

            if (j >= key.Length) j = 0;
        }

        for (var k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
        }

        _mt[0] = 0x80000000u;
    }

    private uint Next32()
    {
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & 0x80000000u) | (_mt[kk + 1] & 0x7fffffffu);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }

            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & 0x80000000u) | (_mt[kk + 1] & 0x7fffffffu);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }

            y = (_mt[N - 1] & 0x80000000u) | (_mt[0] & 0x7fffffffu);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            _mti = 0;
        }

        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random()</c>: 53 random bits in [0, 1).</summary>
    public double Random()
    {
        var a = Next32() >> 5;
        var b = Next32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    private uint GetRandBits(int k) => k == 0 ? 0 : Next32() >> (32 - k);

    private int RandBelow(int n)
    {
        if (n <= 0) return 0;
        var k = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        var r = GetRandBits(k);
        while (r >= (uint)n)
        {
            r = GetRandBits(k);
        }

        return (int)r;
    }

    /// <summary><c>randrange(stop)</c>.</summary>
    public int RandRange(int stop) => RandBelow(stop);

    /// <summary><c>randrange(start, stop)</c>.</summary>
    public int RandRange(int start, int stop) => start + RandBelow(stop - start);

    public double Uniform(double a, double b) => a + (b - a) * Random();

    public T Choice<T>(IReadOnlyList<T> items) => items[RandBelow(items.Count)];

    public char Choice(string text) => text[RandBelow(text.Length)];

    /// <summary><c>sample(population, k)</c> as CPython 3.11 draws it (pool for small populations, set otherwise).</summary>
    public List<T> Sample<T>(IReadOnlyList<T> population, int k)
    {
        var n = population.Count;
        var result = new List<T>(k);
        var setSize = 21;
        if (k > 5)
        {
            setSize += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3, 4)));
        }

        if (n <= setSize)
        {
            var pool = population.ToList();
            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n - i);
                result.Add(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            var selected = new HashSet<int>();
            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n);
                while (selected.Contains(j))
                {
                    j = RandBelow(n);
                }

                selected.Add(j);
                result.Add(population[j]);
            }
        }

        return result;
    }
}
