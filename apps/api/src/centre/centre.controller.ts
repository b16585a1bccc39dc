import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../http/problem';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { CentreAsset, CentreAssets } from './centre-assets';

/**
 * The page's own policy: its scripts and styles are files of this origin, it talks to this API
 * only, and nothing inline runs. Unlike the API-wide default it does not ask browsers to upgrade
 * to https: the centre is also opened over plain http on a local network (a phone beside the
 * laptop), where an upgraded request for the page's script would fail.
 */
export const CENTRE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The match centre: one HTML shell for every page (its script reads the path and asks the public
 * API for the data), and the shell's script, styles and icon.
 */
@ApiExcludeController()
@Controller('centre')
export class CentreController {
  constructor(@Inject(CentreAssets) private readonly assets: CentreAssets) {}

  @Get()
  home(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    this.sendPage(req, res);
  }

  @Get('matches/:matchId')
  match(
    @Param('matchId', StreamIdPipe) _id: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): void {
    this.sendPage(req, res);
  }

  @Get('ties/:tieId')
  tie(@Param('tieId', StreamIdPipe) _id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    this.sendPage(req, res);
  }

  @Get('competitions/:competition')
  competition(
    @Param('competition', StreamIdPipe) _id: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): void {
    this.sendPage(req, res);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    const asset = name === 'index.html' ? undefined : this.assets.get(name);
    if (!asset) throw notFound('Asset', name.slice(0, 80));
    this.send(asset, req, res);
  }

  private sendPage(req: FastifyRequest, res: FastifyReply): void {
    const page = this.assets.get('index.html');
    if (!page) throw notFound('Page', 'centre (the page was not built: npm run build)');
    this.send(page, req, res);
  }

  private send(asset: CentreAsset, req: FastifyRequest, res: FastifyReply): void {
    void res.headers({
      'Content-Security-Policy': CENTRE_CSP,
      'Content-Type': asset.contentType,
      // Small files that change with each build: revalidate every time, 304 when unchanged.
      'Cache-Control': 'no-cache',
      ETag: asset.etag,
    });
    if (req.headers['if-none-match'] === asset.etag) void res.status(304).send();
    else void res.status(200).send(asset.body);
  }
}
