package dev.rill.perf.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An SVG chart of latency by percentile, drawn as HdrHistogram's own plotter draws it: the x axis is
 * {@code log10(1 / (1 - p))}, labelled 0%, 90%, 99%, 99.9%, ...; the y axis is latency in microseconds (linear).
 * Several series on one chart (Rill and its baseline); a series may hold several runs of the same engine, drawn as
 * one line each in the series' colour, so the chart shows their spread. Self-contained SVG text: no script, no
 * network.
 */
public final class PercentileChart
{
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 160;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private final String title;
    private final List<String> names = new ArrayList<>();
    private final List<List<Histogram>> histograms = new ArrayList<>();

    /**
     * @param title chart title.
     */
    public PercentileChart(final String title)
    {
        this.title = title;
    }

    /**
     * @param name      series name (legend).
     * @param histogram latencies in ns.
     * @return this.
     */
    public PercentileChart series(final String name, final Histogram histogram)
    {
        return series(name, List.of(histogram));
    }

    /**
     * @param name  series name (legend, once).
     * @param runs  latencies in ns, one histogram per run, each drawn as its own line in the series' colour.
     * @return this.
     */
    public PercentileChart series(final String name, final List<Histogram> runs)
    {
        names.add(name);
        histograms.add(List.copyOf(runs));
        return this;
    }

    /**
     * @return the SVG document.
     */
    public String toSvg()
    {
        final List<List<double[][]>> points = new ArrayList<>();
        double maxX = 1;
        double maxY = 1;
        for (final List<Histogram> runs : histograms)
        {
            final List<double[][]> lines = new ArrayList<>();
            for (final Histogram h : runs)
            {
                final double[][] p = points(h);
                lines.add(p);
                for (final double[] xy : p)
                {
                    maxX = Math.max(maxX, xy[0]);
                    maxY = Math.max(maxY, xy[1]);
                }
            }
            points.add(lines);
        }
        final int decades = (int)Math.ceil(maxX);
        maxY = niceCeiling(maxY);
        final double plotW = WIDTH - LEFT - RIGHT;
        final double plotH = HEIGHT - TOP - BOTTOM;
        final StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " +
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", LEFT,
            escape(title)));
        for (int d = 0; d <= decades; d++)
        {
            final double x = LEFT + plotW * d / decades;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" " +
                "stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotH));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotH + 18, percentileLabel(d)));
        }
        for (int i = 0; i <= 5; i++)
        {
            final double v = maxY * i / 5;
            final double y = TOP + plotH - plotH * i / 5;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" " +
                "stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, trim(v)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            LEFT + plotW / 2, HEIGHT - 15));
        sb.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" transform=\"rotate(-90 18 %.1f)\" " +
            "text-anchor=\"middle\">latency (µs)</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        for (int s = 0; s < points.size(); s++)
        {
            final String colour = COLOURS[s % COLOURS.length];
            for (final double[][] line : points.get(s))
            {
                sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour)
                    .append("\" points=\"");
                for (final double[] xy : line)
                {
                    final double x = LEFT + plotW * Math.min(xy[0], decades) / decades;
                    final double y = TOP + plotH - plotH * xy[1] / maxY;
                    sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
                sb.append("\"/>\n");
            }
            final double ly = TOP + 20 + 20 * s;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" " +
                "stroke=\"%s\" stroke-width=\"3\"/>%n", LEFT + plotW + 10, ly, LEFT + plotW + 30, ly, colour));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", LEFT + plotW + 36,
                ly + 4, escape(names.get(s))));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" " +
            "stroke=\"black\"/>%n", LEFT, TOP, plotW, plotH));
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** (x = log10(1 / (1 - p)), latency µs) along HdrHistogram's percentile iteration, 5 ticks per half. */
    private static double[][] points(final Histogram h)
    {
        final List<double[]> list = new ArrayList<>();
        if (h.getTotalCount() == 0)
        {
            return new double[0][];
        }
        final double lastX = Math.log10(h.getTotalCount());
        for (final HistogramIterationValue v : h.percentiles(5))
        {
            final double p = v.getPercentileLevelIteratedTo() / 100.0;
            final double x = p >= 1.0 ? lastX : Math.min(lastX, Math.log10(1.0 / (1.0 - p)));
            list.add(new double[] {x, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0});
        }
        return list.toArray(new double[0][]);
    }

    private static String percentileLabel(final int decade)
    {
        if (decade == 0)
        {
            return "0%";
        }
        final StringBuilder sb = new StringBuilder("9");
        if (decade == 1)
        {
            return "90%";
        }
        sb.append('9');
        if (decade > 2)
        {
            sb.append('.');
            for (int i = 2; i < decade; i++)
            {
                sb.append('9');
            }
        }
        return sb.append('%').toString();
    }

    private static double niceCeiling(final double v)
    {
        final double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double step : new double[] {1, 2, 2.5, 5, 10})
        {
            if (step * mag >= v)
            {
                return step * mag;
            }
        }
        return 10 * mag;
    }

    private static String trim(final double v)
    {
        return v == Math.rint(v) ? String.valueOf((long)v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
