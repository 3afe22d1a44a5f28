import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig: the basemap on the user network', () => {
  it('is the offline basemap when BASEMAP_STYLE_URL is unset or empty', () => {
    expect(readConfig({}).basemap).toBeNull();
    expect(readConfig({ BASEMAP_STYLE_URL: '', BASEMAP_ORIGINS: '' }).basemap).toBeNull();
  });

  it('takes an http(s) style URL and admits its origin', () => {
    expect(readConfig({ BASEMAP_STYLE_URL: 'http://tiles.lan:8081/styles/dark/style.json' }).basemap).toEqual({
      styleUrl: 'http://tiles.lan:8081/styles/dark/style.json',
      origins: ['http://tiles.lan:8081'],
    });
    expect(readConfig({ BASEMAP_STYLE_URL: 'https://10.1.2.3/style.json' }).basemap?.origins).toEqual(['https://10.1.2.3']);
  });

  it('adds the listed BASEMAP_ORIGINS, trimmed, without repeating the style origin', () => {
    const basemap = readConfig({ BASEMAP_STYLE_URL: 'http://tiles.lan:8081/style.json', BASEMAP_ORIGINS: ' http://glyphs.lan , http://tiles.lan:8081/,https://sprites.lan:8443' }).basemap;
    expect(basemap?.origins).toEqual(['http://tiles.lan:8081', 'http://glyphs.lan', 'https://sprites.lan:8443']);
  });

  it.each([
    ['BASEMAP_STYLE_URL', { BASEMAP_STYLE_URL: 'tiles.lan/style.json' }, /http:\/\/ or https:\/\/ URL/],
    ['BASEMAP_STYLE_URL', { BASEMAP_STYLE_URL: 'file:///etc/style.json' }, /http:\/\/ or https:\/\/ URL/],
    ['BASEMAP_STYLE_URL', { BASEMAP_STYLE_URL: 'http://user:secret@tiles.lan/style.json' }, /user name or password/],
    ['BASEMAP_ORIGINS', { BASEMAP_STYLE_URL: 'http://tiles.lan/style.json', BASEMAP_ORIGINS: 'http://glyphs.lan/fonts' }, /origins such as/],
    ['BASEMAP_ORIGINS', { BASEMAP_STYLE_URL: 'http://tiles.lan/style.json', BASEMAP_ORIGINS: "http://a.lan,'unsafe-inline'" }, /http:\/\/ or https:\/\/ URL/],
    ['BASEMAP_ORIGINS', { BASEMAP_ORIGINS: 'http://glyphs.lan' }, /needs BASEMAP_STYLE_URL/],
  ])('stops start-up on a bad %s, naming it', (variable, env, why) => {
    expect(() => readConfig(env)).toThrow(new RegExp(`invalid environment variable ${variable}`));
    expect(() => readConfig(env)).toThrow(why);
  });
});

describe('readConfig: MAP_MAX_POINTS', () => {
  it('caps the map columns at 200,000 points unless set, and names the variable when out of range', () => {
    expect(readConfig({}).mapMaxPoints).toBe(200_000);
    expect(readConfig({ MAP_MAX_POINTS: '50000' }).mapMaxPoints).toBe(50_000);
    expect(() => readConfig({ MAP_MAX_POINTS: '10' })).toThrow(/MAP_MAX_POINTS.*1,000–5,000,000/);
    expect(() => readConfig({ MAP_MAX_POINTS: 'many' })).toThrow(/MAP_MAX_POINTS.*number/);
  });
});
