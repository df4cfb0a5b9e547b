import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from './auth/roles';

/** `/` outside the API prefix: where the API and its description are, instead of a bare 404 page. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Public()
  index() {
    return {
      name: 'soudan',
      description: 'オンライン職業相談 予約システム',
      api: '/api/v1',
      docs: '/api/docs',
      health: '/api/v1/health',
    };
  }
}
