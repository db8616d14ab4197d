package dev.cnnc.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Unlabelled inputs for prediction: image files (PNG/JPEG, converted to the network's channels and
 * resized bilinearly as the image-folder source does) or the images of one IDX file. Returned as a
 * {@link Dataset} with all labels 0, to be normalised with the statistics the model was trained with.
 */
public final class InputFiles {
  private InputFiles() {}

  public static Dataset images(List<Path> files, int h, int w, int c) throws IOException {
    if (c != 1 && c != 3) {
      throw new IllegalArgumentException("images can be read for 1 or 3 channels, the network takes " + c);
    }
    byte[] pixels = new byte[files.size() * h * w * c];
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString(), null, "no such image file");
      }
      ImageFolderSource.decode(f, pixels, i * h * w * c, h, w, c);
    }
    return Dataset.of(pixels, new byte[files.size()], h, w, c, List.of("0"));
  }

  /** The images of an IDX file (ubyte, 3 dimensions), which must be h×w with c = 1. */
  public static Dataset idxImages(Path file, int h, int w, int c) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such IDX file");
    }
    Idx.Images im = Idx.readImages(file);
    if (im.rows() != h || im.cols() != w || c != 1) {
      throw DataFormatException.of(file, "image size does not match the network's input",
          DataFormatException.shape(h, w, c), DataFormatException.shape(im.rows(), im.cols(), 1));
    }
    return Dataset.of(im.pixels(), new byte[im.count()], h, w, c, List.of("0"));
  }
}
