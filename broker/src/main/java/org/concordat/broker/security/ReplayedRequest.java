package org.concordat.broker.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * A request whose body was read (bounded, and screened where it is FHIR) already, handed on from
 * memory: its stream, reader and length are those of the bytes read.
 */
public final class ReplayedRequest extends HttpServletRequestWrapper {
  private final byte[] body;

  public ReplayedRequest(HttpServletRequest request, byte[] body) {
    super(request);
    this.body = body;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        return in.read(buffer, offset, length);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("The body was read already");
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
    return new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(body), Charset.forName(charset)));
  }
}
