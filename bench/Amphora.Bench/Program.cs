namespace Amphora.Bench;

public static class Program
{
    public static int Main() => 0;
}
