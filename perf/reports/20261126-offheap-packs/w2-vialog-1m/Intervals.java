import org.HdrHistogram.*;
import java.io.*;
public class Intervals {
    public static void main(String[] a) throws Exception {
        for (String f : a) {
            HistogramLogReader r = new HistogramLogReader(new File(f));
            StringBuilder sb = new StringBuilder(f.replaceAll(".*/","") + ":");
            EncodableHistogram h; int i = 0;
            while ((h = r.nextIntervalHistogram()) != null) {
                Histogram hh = (Histogram) h;
                sb.append(String.format(" %d:%.0f/%.0f", i++, hh.getValueAtPercentile(99) / 1000.0, hh.getMaxValue()/1000.0));
            }
            System.out.println(sb);
        }
    }
}
