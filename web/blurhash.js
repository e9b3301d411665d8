// A blurhash decoder (https://github.com/woltapp/blurhash, the algorithm of its TypeScript decoder):
// paints the blurred placeholder the API gives each photo on a small canvas.

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

const decode83 = (text) => [...text].reduce((value, digit) => value * 83 + DIGITS.indexOf(digit), 0);

function toLinear(channel) {
  const v = channel / 255;
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

function toSrgb(linear) {
  const v = Math.max(0, Math.min(1, linear));
  return v <= 0.0031308 ? Math.round(v * 12.92 * 255 + 0.5) : Math.round((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
}

const signedPow = (value, exponent) => Math.sign(value) * Math.pow(Math.abs(value), exponent);

function colours(hash) {
  const sizeFlag = decode83(hash[0]);
  const componentsX = (sizeFlag % 9) + 1;
  const componentsY = Math.floor(sizeFlag / 9) + 1;
  if (hash.length !== 4 + 2 * componentsX * componentsY) throw new Error("not a blurhash");
  const maximum = (decode83(hash[1]) + 1) / 166;
  const dc = decode83(hash.substring(2, 6));
  const list = [[toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]];
  for (let i = 1; i < componentsX * componentsY; i++) {
    const ac = decode83(hash.substring(4 + i * 2, 6 + i * 2));
    const quantised = [Math.floor(ac / 361), Math.floor(ac / 19) % 19, ac % 19];
    list.push(quantised.map((q) => signedPow((q - 9) / 9, 2) * maximum));
  }
  return { list, componentsX, componentsY };
}

/** The RGBA pixels of `hash` at `width` x `height`. */
export function decode(hash, width, height) {
  const { list, componentsX, componentsY } = colours(hash);
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0];
      for (let j = 0; j < componentsY; j++) {
        for (let i = 0; i < componentsX; i++) {
          const basis = Math.cos((Math.PI * x * i) / width) * Math.cos((Math.PI * y * j) / height);
          const colour = list[i + j * componentsX];
          for (let c = 0; c < 3; c++) sum[c] += colour[c] * basis;
        }
      }
      const at = 4 * (x + y * width);
      pixels.set([toSrgb(sum[0]), toSrgb(sum[1]), toSrgb(sum[2]), 255], at);
    }
  }
  return pixels;
}

/** A canvas showing `hash` (32 px wide, stretched by CSS); an empty one when the hash is unreadable. */
export function placeholder(hash, aspect) {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = Math.max(1, Math.round(32 / aspect));
  canvas.className = "blurhash";
  canvas.setAttribute("aria-hidden", "true");
  try {
    const image = new ImageData(decode(hash, canvas.width, canvas.height), canvas.width, canvas.height);
    canvas.getContext("2d").putImageData(image, 0, 0);
  } catch {
    // an unreadable hash leaves the neutral background the stylesheet gives placeholders
  }
  return canvas;
}
